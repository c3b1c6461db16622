import Foundation
import Testing

/// `--loss quantile` end to end through the command: train (JSON report with interval
/// scores) → forecast (one column per level) → evaluate (text table and JSON), and the
/// `--quantiles` usage errors.
@Suite(.serialized) struct QuantileCommandTests {
    @Test func trainForecastEvaluate() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("q.safetensors").path
        let csv = CLI.bundled("nile.csv")
        let train = try CLI.run([
            "train", csv, "--model", "gru", "--lags", "5", "--hidden", "6", "--loss", "quantile", "--quantiles", "0.05,0.5,0.95",
            "--epochs", "3", "--seed", "3", "--quiet", "--json", "-o", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        let interval = try #require((report["metrics"] as? [String: Any])?["interval"] as? [String: Any])
        #expect(interval["lower_level"] as? Double == 0.05 && interval["upper_level"] as? Double == 0.95)
        for key in ["coverage", "mean_width", "interval_score", "pinball"] { #expect(interval[key] is Double, "interval lacks \(key)") }

        let forecastPath = dir.appendingPathComponent("f.csv").path
        let forecast = try CLI.run(["forecast", "--model", model, csv, "--horizon", "3", "-o", forecastPath])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        let lines = try String(contentsOfFile: forecastPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "time,forecast,q0.05,q0.5,q0.95" && lines.count == 4)

        let summary = try CLI.run(["summary", model])
        #expect(summary.status == 0 && summary.stdout.contains("loss: quantile (levels 0.05, 0.5, 0.95)"), "\(summary.stdout)")

        let evaluate = try CLI.run(["evaluate", "--model", model, csv])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("predictive interval [q0.05, q0.95], nominal 90%"), "\(evaluate.stdout)")
        #expect(evaluate.stdout.contains("interval score") && evaluate.stdout.contains("pinball"))
    }

    @Test(arguments: [
        (["--loss", "quantile", "--quantiles", "0.9,0.1"], "--quantiles must be one or more strictly increasing levels in (0, 1), got 0.9,0.1"),
        (["--loss", "quantile", "--quantiles", "0,0.5"], "--quantiles must be one or more strictly increasing levels in (0, 1)"),
        (["--loss", "quantile", "--quantiles", "0.1,x"], "--quantiles must be comma-separated numbers"),
        (["--quantiles", "0.1,0.9"], "--quantiles needs --loss quantile"),
        (["--loss", "quantile", "--model", "narx", "--objective", "simulation"], "--objective simulation feeds back one prediction per step"),
    ])
    func flagErrorsAreUsageErrors(flags: [String], message: String) throws {
        let result = try CLI.run(["train", CLI.bundled("nile.csv"), "-o", "unused.safetensors"] + flags)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
