import Foundation
import Testing
import TSData
import TSForecast

@Suite struct PipelineTests {
    static func setup(_ model: ModelKind, lags: Int = 10, hidden: Int = 16, epochs: Int = 40) -> ForecastSetup {
        var setup = ForecastSetup()
        setup.model = model
        setup.lags = lags
        setup.hidden = hidden
        setup.training.epochs = epochs
        setup.training.learningRate = 1e-2
        setup.training.seed = 1
        return setup
    }

    /// Under the default protocol (70/15/15, scaler on train, one-step test metrics in
    /// original units), LSTM, GRU and NARX beat persistence on yearly sunspots.
    @Test(arguments: [ModelKind.lstm, .gru, .narx])
    func modelsBeatPersistenceOnSunspots(model: ModelKind) throws {
        let run = try ForecastPipeline.train(file: TestData.bundled("sunspots_yearly.csv"), setup: Self.setup(model), progress: nil)
        #expect(run.outcome.failure == nil)
        #expect(run.report.test.mode == "one-step")
        #expect(run.report.test.count == 47)  // 309 rows: 216 train, 46 validation, 47 test
        #expect(run.report.baselines.persistence.count == run.report.test.count)
        #expect(
            run.report.test.rmse < run.report.baselines.persistence.rmse,
            "\(model): test RMSE \(run.report.test.rmse) vs persistence \(run.report.baselines.persistence.rmse)")
    }

    /// The same seed gives the same weights; another seed does not.
    @Test func trainingIsDeterministicForASeed() throws {
        let file = TestData.bundled("nile.csv")
        var setup = Self.setup(.gru, lags: 5, hidden: 8, epochs: 5)
        let a = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        let b = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        #expect(a.model.network.store.values == b.model.network.store.values)
        #expect(a.report.test.rmse == b.report.test.rmse)
        setup.training.seed = 2
        let c = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        #expect(a.model.network.store.values != c.model.network.store.values)
    }

    /// A saved model loads back with identical weights and forecasts.
    @Test(arguments: [ModelKind.lstm, .narx])
    func savedModelForecastsIdentically(model: ModelKind) throws {
        let file = TestData.bundled("nile.csv")
        var setup = Self.setup(model, lags: 6, hidden: 8, epochs: 3)
        setup.loss = .gaussian
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        let url = try TestData.temporaryDirectory().appendingPathComponent("m.safetensors")
        try run.model.save(to: url)
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.network.store.values == run.model.network.store.values)
        let before = try run.model.forecast(file: file, horizon: 6)
        let after = try loaded.forecast(file: file, horizon: 6)
        #expect(before.values == after.values)
        #expect(before.lower != nil && before.lower == after.lower && before.upper == after.upper)
        #expect(after.times == ["1971", "1972", "1973", "1974", "1975", "1976"])
        for i in 0..<6 { #expect(after.lower![i] <= after.values[i] && after.values[i] <= after.upper![i]) }
    }

    /// Without the training report a model file loads the same weights and metadata and
    /// forecasts the same; only `training` is left out.
    @Test func loadingWithoutTheTrainingReport() throws {
        let file = TestData.bundled("nile.csv")
        let run = try ForecastPipeline.train(file: file, setup: Self.setup(.gru, lags: 5, hidden: 8, epochs: 2), progress: nil)
        let url = try TestData.temporaryDirectory().appendingPathComponent("m.safetensors")
        try run.model.save(to: url)
        let full = try ForecastModel.load(from: url)
        let lean = try ForecastModel.load(from: url, trainingReport: false)
        #expect(full.metadata.training?.history.count == 2)
        #expect(lean.metadata.training == nil)
        #expect(lean.network.store.values == full.network.store.values)
        #expect(lean.metadata.setup.lags == 5 && lean.metadata.columns.target == full.metadata.columns.target)
        #expect(try lean.forecast(file: file, horizon: 4).values == full.forecast(file: file, horizon: 4).values)
    }

    /// `ModelMetadata` decodes its fields one by one (to leave the training report out on
    /// request): a saved model's metadata, every optional field set (time axis, Gaussian
    /// noise, training report), reads back to the same JSON.
    @Test func metadataSurvivesASaveAndLoad() throws {
        let file = TestData.bundled("nile.csv")
        var setup = Self.setup(.lstm, lags: 5, hidden: 8, epochs: 2)
        setup.loss = .gaussian
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        #expect(run.model.metadata.timeKind != nil && run.model.metadata.timeStep != nil && run.model.metadata.training != nil)
        let url = try TestData.temporaryDirectory().appendingPathComponent("m.safetensors")
        try run.model.save(to: url)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let loaded = try ForecastModel.load(from: url)
        #expect(try encoder.encode(loaded.metadata) == encoder.encode(run.model.metadata))
    }

    /// A learning rate that makes training diverge stops with a message, and the weights
    /// kept are the best finite ones.
    @Test func divergingTrainingStopsAndKeepsFiniteWeights() throws {
        var setup = Self.setup(.mlp, lags: 4, hidden: 8, epochs: 20)
        setup.training.optimizer = .sgd
        setup.training.learningRate = 1e4
        setup.training.momentum = 0.9
        setup.training.clipNorm = 0
        let run = try ForecastPipeline.train(file: TestData.bundled("nile.csv"), setup: setup, progress: nil)
        let failure = try #require(run.outcome.failure)
        #expect(failure.description.contains("NaN/Inf"))
        #expect(run.model.network.store.values.allSatisfy { $0.isFinite })
    }

    /// Divergence in the very first epoch keeps the initial weights.
    @Test func divergenceBeforeAnyEpochKeepsTheInitialWeights() throws {
        var setup = Self.setup(.mlp, lags: 4, hidden: 8, epochs: 5)
        setup.training.optimizer = .sgd
        setup.training.learningRate = 1e30
        setup.training.clipNorm = 0
        let run = try ForecastPipeline.train(file: TestData.bundled("nile.csv"), setup: setup, progress: nil)
        let failure = try #require(run.outcome.failure)
        #expect(failure.epoch == 1)
        let initial = ForecastNetwork(spec: run.model.network.spec, seed: setup.training.seed)
        #expect(run.model.network.store.values == initial.store.values)
    }

    /// Direct multi-horizon NARX with an exogenous input reads future inputs from the rows
    /// after the last target and fails clearly when they are too few.
    @Test func exogenousForecastReadsFutureRows() throws {
        var rows = ["t,y,u"]
        var y: Float = 0
        for k in 0..<120 {
            let u = Float(sin(Double(k) * 0.3))
            y = 0.7 * y + 0.5 * u
            rows.append("\(k),\(y),\(u)")
        }
        for k in 120..<124 { rows.append("\(k),,\(sin(Double(k) * 0.3))") }
        let file = try TestData.csv(rows.joined(separator: "\n"))
        var setup = Self.setup(.narx, lags: 2, hidden: 8, epochs: 5)
        setup.inputs = ["u"]
        setup.timeColumn = "t"
        setup.inputDelay = 0
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        let table = try run.model.forecast(file: file, horizon: nil)
        #expect(table.values.count == 4)
        #expect(table.times == ["120", "121", "122", "123"])
        #expect(throws: DataError.self) { _ = try run.model.forecast(file: file, horizon: 5) }
    }

    /// With `drop`, gaps split the series; segments shorter than a window are skipped
    /// everywhere (training, evaluation, baselines) and metrics stay defined.
    @Test func droppedGapsSplitTheSeries() throws {
        let gaps: Set<Int> = [30, 34, 104, 107]
        let rows = (0..<120).map { k in "\(k),\(gaps.contains(k) ? "" : String(sin(Double(k) * 0.4) * 5 + 10))" }
        let file = try TestData.csv((["t,y"] + rows).joined(separator: "\n"))
        var setup = Self.setup(.mlp, lags: 5, hidden: 4, epochs: 3)
        setup.missing = .drop
        setup.season = 4
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        // Test rows 102..<120: 102 and 103 end the segment 35..<104; 105 and 106 form a
        // segment too short for 5 lags; 113..<120 have 5 gap-free rows after the gap at 107.
        #expect(run.report.test.count == 9)
        #expect(run.report.test.rmse.isFinite && run.report.test.mase.isFinite)
        #expect(run.report.baselines.mean.rmse.isFinite)
        #expect(run.report.baselines.seasonalNaive?.count == 9)
    }
}
