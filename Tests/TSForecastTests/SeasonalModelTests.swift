import Foundation
import Testing
import TSData
import TSForecast
import TSNN
import TSTensor

/// Seasonal lags and calendar features through the pipeline: every model kind trains,
/// saves, loads and forecasts with them; forecasts past the season read fed-back values;
/// setups and files that cannot have them are refused.
@Suite struct SeasonalModelTests {
    /// An hourly series from 2024-01-01T00:00Z: a fixed random daily profile (period 24),
    /// a weekly wave and noise, from a seeded linear congruential generator.
    ///
    /// With `drift > 0` the profile is a seasonal random walk: each day every hour's value
    /// moves by `drift·ε` (ε of variance 1), so `y(k−24)` knows the coming hour's level and
    /// the last few rows do not.
    static func hourly(rows: Int, seed: UInt64 = 7, noise: Double = 0.2, drift: Double = 0) -> String {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        // Sum of three uniforms, centred: variance 1/4, so ×2 gives variance 1.
        func standard() -> Double { (uniform() + uniform() + uniform() - 1.5) * 2 }
        var profile = (0..<24).map { _ in 4 * uniform() - 2 }
        let start = CivilDate(year: 2024, month: 1, day: 1).seconds
        let axis = TimeAxis(kind: .dateTime, values: [])
        let lines = (0..<rows).map { i in
            if i >= 24 { profile[i % 24] += drift * standard() }
            let wave = 0.5 * sin(2 * Double.pi * Double(i) / 168)
            let y = 10 + profile[i % 24] + wave + noise * standard()
            return "\(axis.format(start + Double(i) * 3600)),\(y)"
        }
        return (["time,load"] + lines).joined(separator: "\n") + "\n"
    }

    static func setup(_ model: ModelKind, lags: Int = 4, epochs: Int = 2) -> ForecastSetup {
        var setup = PipelineTests.setup(model, lags: lags, hidden: 8, epochs: epochs)
        setup.seasonalLags = [24]
        setup.calendar = .auto
        return setup
    }

    @Test func offsetsExpandEachPeriodToItsDepth() {
        var setup = ForecastSetup()
        setup.seasonalLags = [24, 168]
        setup.seasonalDepth = 2
        #expect(setup.seasonalOffsets == [24, 48, 168, 336])
        setup.seasonalLags = [24, 48]
        #expect(setup.seasonalOffsets == [24, 48, 96])
        #expect(ForecastSetup().seasonalInputs() == nil)
        setup.calendar = .features([.month])
        #expect(setup.seasonalInputs(steps: 3) == SeasonalInputs(lags: [24, 48, 96], calendar: [.month], steps: 3))
    }

    /// New keys are optional: a setup without them (an older model file's) decodes to no
    /// seasonal inputs; `calendar` is `"auto"` or a list.
    @Test func setupJSON() throws {
        let old = try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"lags": 6}"#.utf8))
        #expect(old.seasonalLags.isEmpty && old.seasonalDepth == 1 && old.calendar == .none)
        var setup = ForecastSetup()
        setup.seasonalLags = [168, 24]
        setup.calendar = .features([.hour, .weekday])
        let json = String(decoding: try JSONEncoder().encode(setup), as: UTF8.self)
        #expect(json.contains(#""calendar":["hour","weekday"]"#) && json.contains(#""seasonalLags":[168,24]"#))
        #expect(try JSONDecoder().decode(ForecastSetup.self, from: Data(json.utf8)) == setup)
        let auto = try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"calendar": "auto"}"#.utf8))
        #expect(auto.calendar == .auto)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"calendar": "weekly"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"calendar": ["hours"]}"#.utf8)) }
    }

    /// A model file written before seasonal inputs existed loads without them.
    @Test func olderModelFileLoads() throws {
        let model = try ForecastModel.load(from: try InteropTests.fixture("swift_lstm.safetensors"))
        #expect(model.metadata.layout.seasonal == nil)
        #expect(model.metadata.setup.seasonalLags.isEmpty && model.metadata.setup.calendar == .none)
    }

    /// Every family reads `y(k−24)` and the `auto` features of an hourly axis (hour,
    /// weekday): the layout and setup stored say so, the file round-trips, and a 30-step
    /// forecast (past the 24-row season) is the same from the saved model, finite, with
    /// hourly times after the last row.
    @Test(arguments: ModelKind.allCases)
    func everyModelKindSavesLoadsAndForecasts(model kind: ModelKind) throws {
        let file = try TestData.csv(Self.hourly(rows: 300), name: "hourly.csv")
        let run = try ForecastPipeline.train(file: file, setup: Self.setup(kind), progress: nil)
        let layout = run.model.metadata.layout
        let steps = kind == .cnn ? 4 : 1
        #expect(layout.seasonal == SeasonalInputs(lags: [24], calendar: [.hour, .weekday], steps: steps))
        #expect(run.model.metadata.setup.calendar == .features([.hour, .weekday]))
        let expectedFeatures = kind == .cnn ? 4 * 6 : kind.isRecurrent ? 1 + 5 : 4 + 5
        #expect(layout.featureCount == expectedFeatures && run.model.network.spec.inputSize == expectedFeatures)
        #expect(layout.history >= 24)
        let url = try TestData.temporaryDirectory().appendingPathComponent("m.safetensors")
        try run.model.save(to: url)
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.metadata.layout == layout)
        let before = try run.model.forecast(file: file, horizon: 30)
        let after = try loaded.forecast(file: file, horizon: 30)
        #expect(before.values == after.values)
        #expect(after.values.count == 30 && after.values.allSatisfy(\.isFinite))
        #expect(after.times?.first == "2024-01-13T12:00:00Z" && after.times?.last == "2024-01-14T17:00:00Z")
        #expect(run.model.summary(fileSize: nil).table().contains("seasonal lags: 24  calendar: hour,weekday"))
        let evaluation = try loaded.evaluate(
            try loaded.load(file: file, allowFuture: false), rows: 200..<300, trainingRows: 0..<200, mode: .simulation, details: false)
        #expect(evaluation.metrics.count == 100 && evaluation.metrics.rmse.isFinite)
    }

    /// Direct multi-horizon recurrent models read the seasonal block too: a MIMO head on
    /// the last step, and a seq2seq decoder whose steps carry the calendar pairs of the rows
    /// they forecast. Both train, round-trip through a file and forecast 12 steps (three
    /// blocks of 4) to the same values.
    @Test(arguments: [DecoderKind.mimo, .seq2seq])
    func directHorizonsReadTheSeasonalBlock(decoder: DecoderKind) throws {
        let file = try TestData.csv(Self.hourly(rows: 300), name: "hourly.csv")
        var setup = Self.setup(.lstm)
        (setup.horizon, setup.decoder) = (4, decoder)
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        #expect(run.model.metadata.layout.seasonal == SeasonalInputs(lags: [24], calendar: [.hour, .weekday], steps: 1))
        #expect(run.model.metadata.layout.outputCount == 4 && run.model.network.spec.inputSize == 6)
        let url = try TestData.temporaryDirectory().appendingPathComponent("h.safetensors")
        try run.model.save(to: url)
        let before = try run.model.forecast(file: file, horizon: 12)
        let after = try ForecastModel.load(from: url).forecast(file: file, horizon: 12)
        #expect(before.values == after.values && after.values.count == 12 && after.values.allSatisfy(\.isFinite))
    }

    /// A 12-step forecast with `y(k−5)` among the inputs: from the sixth step on, `k − 5`
    /// is a forecast row, so its value is the model's own earlier prediction. The forecast
    /// equals a hand-written free run that builds `[z(k−1), z(k−2), z(k−5)]` from the
    /// measured series followed by the predictions (no scaling: model space is original
    /// units). Same network, same input rows, batch of one: the only difference allowed is
    /// round-off of a different call order, bounded by 10⁻⁵ relative.
    @Test func forecastsPastTheSeasonReadFedBackPredictions() throws {
        var setup = PipelineTests.setup(.narx, lags: 2, hidden: 8, epochs: 3)
        setup.scale = .none
        setup.seasonalLags = [5]
        let text = (["t,y"] + (0..<80).map { "\($0),\(Double([3, 1, 4, 1, 5][$0 % 5]) + 0.01 * Double($0))" }).joined(separator: "\n")
        let file = try TestData.csv(text + "\n")
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        let forecast = try run.model.forecast(file: file, horizon: 12)
        var z = try run.model.load(file: file, allowFuture: false).recording.target
        let n = z.count
        for k in n..<(n + 12) {
            let x = Tensor(shape: [1, 3], scalars: [z[k - 1], z[k - 2], z[k - 5]])
            z.append(run.model.network.forward(x, training: false, tape: .inference(threads: .single)).scalars[0])
        }
        for (a, b) in zip(forecast.values, z[n...]) {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "\(forecast.values) vs \(Array(z[n...]))")
        }
    }

    /// Calendar features need dates: a training file without a time column, or with plain
    /// numbers in it, is a `SetupError` naming the setting and the file; a model that reads
    /// them refuses such a file at forecast time (`DataError`).
    @Test func calendarNeedsDates() throws {
        var setup = PipelineTests.setup(.mlp, lags: 2, hidden: 4, epochs: 1)
        setup.calendar = .auto
        let numbers = try TestData.csv((["t,y"] + (0..<40).map { "\($0),\($0 % 7)" }).joined(separator: "\n") + "\n", name: "numbers.csv")
        let error = try #require(throws: SetupError.self) { try ForecastPipeline.train(file: numbers, setup: setup, progress: nil) }
        #expect(error.setting == .calendar && error.description.contains("numbers.csv") && error.description.contains("plain numbers"))
        let bare = try TestData.csv((["y"] + (0..<40).map { "\($0 % 7)" }).joined(separator: "\n") + "\n", name: "bare.csv")
        setup.calendar = .features([.weekday])
        let none = try #require(throws: SetupError.self) { try ForecastPipeline.train(file: bare, setup: setup, progress: nil) }
        #expect(none.setting == .calendar && none.description.contains("bare.csv") && none.description.contains("has none"))

        let daily = (0..<60).map { "\(TimeAxis(kind: .date, values: []).format(Double($0) * 86_400)),\($0 % 7)" }
        let dated = try TestData.csv((["time,y"] + daily).joined(separator: "\n") + "\n", name: "daily.csv")
        let model = try ForecastPipeline.train(file: dated, setup: setup, progress: nil).model
        let renumbered = try TestData.csv((["time,y"] + (0..<60).map { "\($0),\($0 % 7)" }).joined(separator: "\n") + "\n", name: "renumbered.csv")
        let refused = try #require(throws: DataError.self) { try model.forecast(file: renumbered, horizon: 3) }
        #expect(refused.description.contains("renumbered.csv") && refused.description.contains("calendar features (weekday)"))
    }

    /// `train --id`: a global model over two hourly series reads the seasonal inputs of
    /// each, and a member forecasts with its own history and times.
    @Test func globalModelReadsSeasonalInputs() throws {
        let directory = try TestData.temporaryDirectory()
        let files = try [3, 11].map { seed in
            let url = directory.appendingPathComponent("s\(seed).csv")
            try Self.hourly(rows: 200, seed: UInt64(seed)).write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        var setup = Self.setup(.mlp)
        setup.calendar = .features([.hour])
        let run = try GlobalPipeline.train(files: files, setup: setup, progress: nil)
        #expect(run.model.metadata.layout.seasonal == SeasonalInputs(lags: [24], calendar: [.hour]))
        #expect(run.evaluation.series.count == 2)
        let member = try run.model.member(named: "s11", file: files[1])
        let forecast = try member.forecast(file: files[1], horizon: 26)
        #expect(forecast.values.count == 26 && forecast.values.allSatisfy(\.isFinite))
        #expect(forecast.times?.first == "2024-01-09T08:00:00Z")
    }

    /// Recurrent training on sub-sequences reads the same step features as prediction
    /// (the sub-sequence spec keeps the seasonal block): the network's input width agrees.
    /// The same for stateful sub-sequences (`--stateful`), whose lanes carry the state.
    @Test(arguments: [false, true])
    func recurrentSubSequencesKeepTheSeasonalFeatures(stateful: Bool) throws {
        var setup = Self.setup(.gru)
        setup.subsequence = 20
        setup.washout = 4
        setup.stateful = stateful
        let run = try ForecastPipeline.train(file: try TestData.csv(Self.hourly(rows: 300)), setup: setup, progress: nil)
        #expect(run.model.network.spec.inputSize == 6 && run.report.test.rmse.isFinite)
    }

    /// A rolling-origin backtest retrains with the seasonal inputs in every fold.
    @Test func backtestRefitsWithSeasonalInputs() throws {
        let file = try TestData.csv(Self.hourly(rows: 300))
        let report = try Backtest.run(file: file, setup: Self.setup(.narx), folds: 2, refit: true, window: .expanding, progress: nil)
        #expect(report.folds.count == 2 && report.folds.allSatisfy { $0.metrics.rmse.isFinite && $0.metrics.count > 0 })
    }

    /// Behaviour: on an hourly series whose daily profile drifts from day to day (a seasonal
    /// random walk, `drift` 0.3, noise 0.1, 1200 rows), the last 6 rows cannot tell the
    /// coming hour's level and `y(k−24)` can. A narx model with `--lags 6 --seasonal-lags 24`
    /// beats the same model with `--lags 6` alone on test RMSE by at least 2×.
    ///
    /// Measured (40 epochs, hidden 16, lr 0.01; data seed / training seed): 7/1 ratio 3.20
    /// (1.985 vs 0.621), 7/2 2.69, 7/3 2.57, 13/1 2.63, 21/1 2.88; lstm on the same 3.40–4.81.
    /// The assertion runs 7/1 with the margin of the worst measured ratio (2.57) to spare.
    @Test func seasonalLagsBeatPlainLagsOnADriftingDailyProfile() throws {
        let file = try TestData.csv(Self.hourly(rows: 1200, seed: 7, noise: 0.1, drift: 0.3))
        let plain = PipelineTests.setup(.narx, lags: 6, hidden: 16, epochs: 40)
        var seasonal = plain
        seasonal.seasonalLags = [24]
        let without = try ForecastPipeline.train(file: file, setup: plain, progress: nil).report.test.rmse
        let with = try ForecastPipeline.train(file: file, setup: seasonal, progress: nil).report.test.rmse
        #expect(without / with >= 2, "plain RMSE \(without), seasonal \(with)")
    }
}
