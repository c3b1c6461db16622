import Foundation
import Testing

/// Killing `train -o` or `forecast -o` at random moments never leaves a partial output:
/// the file is either absent or complete.
@Suite struct AtomicOutputTests {
    @Test func sigkillNeverLeavesAPartialModelOrForecast() throws {
        let dir = try CLI.temporaryDirectory()
        let csv = CLI.bundled("sunspots_yearly.csv")
        let model = dir.appendingPathComponent("m.safetensors")
        let good = try CLI.run(["train", csv, "--model", "gru", "--lags", "5", "--hidden", "8", "--epochs", "2", "--quiet", "-o", model.path])
        #expect(good.status == 0, "\(good.stderr)")
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<12 {
            let target = dir.appendingPathComponent("k\(attempt).safetensors")
            let forecast = dir.appendingPathComponent("k\(attempt).csv")
            let arguments = attempt % 2 == 0
                ? ["train", csv, "--model", "gru", "--lags", "5", "--hidden", "8", "--epochs", "3", "--quiet", "-o", target.path]
                : ["forecast", "--model", model.path, csv, "--horizon", "200", "-o", forecast.path]
            let (process, _, _) = try CLI.start(arguments)
            usleep(UInt32.random(in: 0..<400_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: target.path) {
                let summary = try CLI.run(["summary", target.path])
                #expect(summary.status == 0, "a killed train left an unreadable model: \(summary.stderr)")
            }
            if FileManager.default.fileExists(atPath: forecast.path) {
                let lines = try String(contentsOf: forecast, encoding: .utf8).split(separator: "\n")
                #expect(lines.count == 201, "a killed forecast left \(lines.count) lines")
            }
        }
    }
}
