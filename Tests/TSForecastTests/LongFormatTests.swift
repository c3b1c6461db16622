import Foundation
import Testing
import TSData
import TSForecast

/// Long-format files (`id,t,y`, rows of the series interleaved) train, evaluate and forecast
/// a global model exactly as one file per series does.
@Suite struct LongFormatTests {
    /// `GlobalModelTests`' series (six of 120 rows, one of 15) as one long file whose rows
    /// go round the series (`s0` row 0, `s1` row 0, …), with the id column first.
    static func longFile() throws -> String {
        var rows: [(Int, String)] = []
        for (s, level) in GlobalModelTests.levels.enumerated() {
            rows += GlobalModelTests.series(s, level: level, rows: 120).enumerated().map { ($0.offset, "s\(s),\($0.offset),\($0.element)") }
        }
        rows += GlobalModelTests.series(9, level: 5, rows: 15).enumerated().map { ($0.offset, "short,\($0.offset),\($0.element)") }
        let ordered = rows.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        let url = try TestData.temporaryDirectory().appendingPathComponent("long.csv")
        try (["id,t,y"] + ordered).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func setup(id: String?) -> ForecastSetup {
        var setup = GlobalModelTests.setup()
        setup.idColumn = id
        return setup
    }

    /// Same series, same order, same seed: the same weights bit for bit, the same members
    /// and scores, the same forecasts; the id column is kept in the model for reading.
    @Test func longFileTrainsTheModelOfOneFilePerSeries() throws {
        let long = try Self.longFile()
        let fromLong = try GlobalPipeline.train(files: [long], setup: Self.setup(id: "id"), progress: nil)
        let fromFiles = try GlobalPipeline.train(files: try GlobalModelTests.files(), setup: Self.setup(id: nil), progress: nil)
        #expect(fromLong.model.metadata.global?.members.map(\.name) == fromFiles.model.metadata.global?.members.map(\.name))
        #expect(fromLong.model.metadata.global?.skipped.map(\.name) == ["short"])
        #expect(fromLong.model.network.store.values == fromFiles.model.network.store.values)
        #expect(fromLong.model.metadata.setup.idColumn == "id" && fromLong.model.metadata.columns.time == "t")

        let evaluation = try fromLong.model.evaluateGlobal(files: [long], mode: .oneStep)
        #expect(evaluation.series.map(\.name) == fromFiles.evaluation.series.map(\.name))
        for (a, b) in zip(evaluation.series, fromFiles.evaluation.series) {
            // The training run scores series put in model space in place, this one
            // transforms again: equal up to rounding (as in GlobalModelTests).
            #expect(abs(a.metrics.rmse - b.metrics.rmse) <= 1e-5 * b.metrics.rmse, "\(a.name)")
        }
        let forecast = try fromLong.model.forecastGlobal(files: [long], horizon: 2)
        let expected = try fromFiles.model.forecastGlobal(files: Array(try GlobalModelTests.files().dropLast()), horizon: 2)
        #expect(forecast == expected)
    }

    /// A long-format setup on the single-series pipeline, or an id column the file lacks,
    /// is one readable error.
    @Test func misuseIsAClearError() throws {
        let long = try Self.longFile()
        #expect(throws: SetupError.self) { _ = try ForecastPipeline.train(file: long, setup: Self.setup(id: "id"), progress: nil) }
        #expect {
            _ = try GlobalPipeline.train(files: [long], setup: Self.setup(id: "store"), progress: nil)
        } throws: { error in
            "\(error)".contains("store") && "\(error)".contains("long.csv")
        }
    }
}
