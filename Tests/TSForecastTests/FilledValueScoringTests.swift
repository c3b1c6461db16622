import Foundation
import Testing
import TestSupport
import TSData
import TSForecast

/// Target values filled by `--missing interpolate` or `ffill` are not scored as measured.
@Suite struct FilledValueScoringTests {
    /// nile.csv with the target of rows 90 and 91 (lines 92 and 93, inside the 15-row
    /// test part 85..<100) left empty: interpolated they still feed the windows, but the
    /// model's metrics and the baselines score the other 13 rows and report 2 skipped.
    @Test func filledTestValuesAreSkippedAndCounted() throws {
        let model = try ForecastModel.load(from: try InteropTests.fixture("swift_lstm.safetensors"))
        var lines = try String(contentsOfFile: TestData.bundled("nile.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        for line in [92, 93] { lines[line - 1] = String(lines[line - 1].prefix { $0 != "," }) + "," }
        let url = try TestData.temporaryDirectory().appendingPathComponent("gaps.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)

        let complete = try model.evaluate(file: TestData.bundled("nile.csv"), mode: .oneStep, all: false)
        #expect(complete.metrics.count == 15 && complete.metrics.filledSkipped == 0)
        for policy in [MissingValuePolicy.interpolate, .forwardFill] {
            let loaded = try SeriesLoader.load(file: url.path, target: "volume", inputs: [], timeColumn: "year", missing: policy)
            #expect(loaded.recording.filledTargetRows == [90, 91])
            let report = try model.evaluate(loaded, mode: .oneStep, all: false)
            #expect(report.metrics.count == 13, "\(policy)")
            #expect(report.metrics.filledSkipped == 2, "\(policy)")
            #expect(report.predictions.rows == Array(85..<90) + Array(92..<100))
            #expect(report.baselines.persistence.count == 13)
            #expect(report.baselines.mean.count == 13)
        }
        let json = String(decoding: try JSONEncoder().encode(complete.metrics), as: UTF8.self)
        #expect(json.contains("\"filled_skipped\":0"))
    }
}
