import Foundation
import Testing
import TSData
import TSForecast

/// A global model over related series of very different levels: period-12 waves with a
/// series-specific level, amplitude and phase, plus a deterministic wiggle.
@Suite struct GlobalModelTests {
    static let levels: [Double] = [10, 50, 200, 1000, 3, 400]

    /// Six 120-row related series and one 15-row series, one file each, in one directory.
    static func files() throws -> [String] {
        let directory = try TestData.temporaryDirectory()
        var paths: [String] = []
        for (s, level) in levels.enumerated() {
            paths.append(try write(series(s, level: level, rows: 120), name: "s\(s)", in: directory))
        }
        paths.append(try write(series(9, level: 5, rows: 15), name: "short", in: directory))
        return paths
    }

    static func series(_ s: Int, level: Double, rows: Int) -> [Double] {
        (0..<rows).map { t in
            let wave: Double = sin(2 * Double.pi * Double(t) / 12 + Double(s))
            let wiggle: Double = 0.05 * sin(Double(t * (s + 3)) * 1.7)
            return level * (1 + 0.2 * wave + wiggle * 0.2)
        }
    }

    static func write(_ y: [Double], name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("\(name).csv")
        let text = (["t,y"] + y.enumerated().map { "\($0.offset),\($0.element)" }).joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func setup(_ model: ModelKind = .mlp) -> ForecastSetup {
        var setup = PipelineTests.setup(model, lags: 12, hidden: 16, epochs: 30)
        setup.testHorizon = 12
        setup.season = 12
        return setup
    }

    /// Every long series trains, the short one is reported (not fatal); each series is
    /// scaled on its own 96 training rows; the model beats persistence on median MASE.
    @Test(arguments: [ModelKind.mlp, .lstm])
    func trainsOneModelOnEverySeries(model: ModelKind) throws {
        let files = try Self.files()
        let run = try GlobalPipeline.train(files: files, setup: Self.setup(model), progress: nil)
        let global = try #require(run.model.metadata.global)
        #expect(run.outcome.failure == nil)
        #expect(global.members.map(\.name) == ["s0", "s1", "s2", "s3", "s4", "s5"])
        #expect(global.skipped.map(\.name) == ["short"])
        // 15 rows: 12 test and 12 validation rows do not fit.
        #expect(global.skipped.first?.reason.contains("too few") == true)
        for (s, level) in Self.levels.enumerated() {
            let training = Self.series(s, level: level, rows: 120)[0..<96].map { Double(Float($0)) }
            let mean = training.reduce(0, +) / 96
            let std = (training.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 96).squareRoot()
            let scaler = global.members[s].preprocessing.targetScaler
            // Float data, Double sums of 96 values: agreement to ~1e-6 relative.
            #expect(abs(scaler.shift - mean) <= 1e-6 * mean, "s\(s): shift \(scaler.shift) vs mean \(mean)")
            #expect(abs(scaler.scale - std) <= 1e-5 * std, "s\(s): scale \(scaler.scale) vs std \(std)")
        }
        let evaluation = run.evaluation
        #expect(evaluation.series.count == 6 && evaluation.series.allSatisfy { $0.metrics.count == 12 })
        #expect(evaluation.model.series == 6)
        #expect(
            evaluation.model.medianMASE < evaluation.persistence.medianMASE,
            "\(model): median MASE \(evaluation.model.medianMASE) vs persistence \(evaluation.persistence.medianMASE)")
        #expect(evaluation.seasonalNaive != nil)
    }

    /// The saved model loads with its per-series preprocessing, scores every series as the
    /// training run did, and forecasts every series in its own units.
    @Test func savesLoadsEvaluatesAndForecastsEverySeries() throws {
        let files = try Self.files()
        let run = try GlobalPipeline.train(files: files, setup: Self.setup(), progress: nil)
        let url = try TestData.temporaryDirectory().appendingPathComponent("global.safetensors")
        try run.model.save(to: url)
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.metadata.global == run.model.metadata.global)

        let long = Array(files.dropLast())
        let evaluation = try loaded.evaluateGlobal(files: long, mode: .oneStep)
        for (a, b) in zip(evaluation.series, run.evaluation.series) {
            #expect(a.name == b.name && a.metrics.count == b.metrics.count)
            // Same weights and data; the training path predicts from series put in model
            // space in place, the loaded path transforms again: equal up to rounding.
            #expect(abs(a.metrics.rmse - b.metrics.rmse) <= 1e-5 * b.metrics.rmse, "\(a.name): \(a.metrics.rmse) vs \(b.metrics.rmse)")
        }

        let csv = try loaded.forecastGlobal(files: long, horizon: 3)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "id,time,forecast")
        #expect(lines.count == 1 + 6 * 3)
        for (s, level) in Self.levels.enumerated() {
            let rows = lines.filter { $0.hasPrefix("s\(s),") }
            #expect(rows.map { $0.split(separator: ",")[1] } == ["120", "121", "122"])
            // Every wave stays within ±25 % of its level: a forecast read with another
            // series' scaler would not.
            for row in rows {
                let value = try #require(Double(row.split(separator: ",")[2]))
                #expect(abs(value - level) < 0.3 * level, "s\(s) forecast \(value), level \(level)")
            }
        }
        #expect(throws: DataError.self) { _ = try loaded.forecastGlobal(files: [files.last!], horizon: 3) }
    }

    /// Series with other columns than the first cannot join: one readable error naming the file.
    @Test func differentColumnsAreRefused() throws {
        let files = [TestData.bundled("nile.csv"), TestData.bundled("sunspots_yearly.csv")]
        #expect {
            _ = try GlobalPipeline.train(files: files, setup: Self.setup(), progress: nil)
        } throws: { error in
            "\(error)".contains("sunspots_yearly.csv") && "\(error)".contains("differ from the first series")
        }
    }
}

@Suite struct ScoreAggregateTests {
    /// Mean and median skip series without a defined metric; nothing defined is `null`.
    @Test func aggregatesSkipUndefinedValues() throws {
        var a = Metrics.compute(actual: [1, 2, 3], predicted: [1, 2, 5], trainingSeries: [0, 1, 2, 3], mode: .oneStep)
        var b = a
        var c = a
        (a.mase, b.mase, c.mase) = (1, 4, .nan)
        let aggregate = ScoreAggregate([a, b, c], scales: [1, 2, 0])
        #expect(aggregate.meanMASE == 2.5 && aggregate.medianMASE == 2.5 && aggregate.series == 3)
        // RMSE ≈ 1.1547 over scales 1 and 2; the scale 0 gives ∞, left out.
        #expect(abs(aggregate.meanRMSSE - a.rmse * 0.75) < 1e-12)
        let none = ScoreAggregate([c], scales: [0])
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(none)) as? [String: Any])
        #expect(object["mean_mase"] is NSNull && object["median_mase"] is NSNull && object["series"] as? Int == 1)
        #expect(try JSONDecoder().decode(ScoreAggregate.self, from: JSONEncoder().encode(none)).meanMASE.isNaN)
    }
}
