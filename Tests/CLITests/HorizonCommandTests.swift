import Foundation
import Testing

/// `--horizon H` on a recurrent model end to end: train (JSON report with scores by lead
/// time), summary, forecast (H steps by default), evaluate (text table, JSON,
/// `--lead-times`) and backtest (fold means by lead time).
@Suite(.serialized) struct HorizonCommandTests {
    @Test func recurrentDirectModelThroughEveryCommand() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("h.safetensors").path
        let csv = CLI.bundled("nile.csv")
        let options = ["--model", "lstm", "--lags", "6", "--hidden", "6", "--horizon", "3", "--epochs", "2", "--seed", "3", "--quiet", "--json"]
        let train = try CLI.run(["train", csv] + options + ["-o", model])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        let leads = try #require((report["metrics"] as? [String: Any])?["by_lead_time"] as? [[String: Any]])
        #expect(leads.map { $0["lead"] as? Int } == [1, 2, 3])
        // Test rows 85..<100: origins 85…97.
        #expect((leads[2]["model"] as? [String: Any])?["count"] as? Int == 13)

        let summary = try CLI.run(["summary", model])
        #expect(summary.status == 0 && summary.stdout.contains("horizon: 3"), "\(summary.stdout)")
        let forecastPath = dir.appendingPathComponent("f.csv").path
        #expect(try CLI.run(["forecast", "--model", model, csv, "-o", forecastPath]).status == 0)
        #expect(try String(contentsOfFile: forecastPath, encoding: .utf8).split(separator: "\n").count == 4)

        let text = try CLI.run(["evaluate", "--model", model, csv])
        #expect(text.status == 0 && text.stdout.contains("by lead time (H-step forecasts from 13 origins)"), "\(text.stdout)")
        #expect(text.stdout.contains("lead  lstm RMSE") && text.stdout.contains("\n  mean "), "\(text.stdout)")
        let longer = try CLI.run(["evaluate", "--model", model, csv, "--lead-times", "5", "--json"])
        let evaluation = try #require(try JSONSerialization.jsonObject(with: Data(longer.stdout.utf8)) as? [String: Any])
        let metrics = try #require(evaluation["metrics"] as? [String: Any])
        #expect((metrics["by_lead_time"] as? [Any])?.count == 5 && metrics["lead_time_mean"] is [String: Any])
        let bad = try CLI.run(["evaluate", "--model", model, csv, "--lead-times", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--lead-times must be at least 1"), "\(bad.stderr)")

        let backtest = try CLI.run(["backtest", csv] + options + ["--folds", "2"])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let folds = try #require(try JSONSerialization.jsonObject(with: Data(backtest.stdout.utf8)) as? [String: Any])
        #expect(((folds["metrics"] as? [String: Any])?["by_lead_time"] as? [Any])?.count == 3)
    }

    /// `backtest --lead-times H` of a one-step model: every fold and the fold mean are
    /// scored by lead time (JSON and text); `--lead-times 0` is a usage error.
    @Test func backtestLeadTimesOfAOneStepModel() throws {
        let csv = CLI.bundled("nile.csv")
        let options = ["--model", "mlp", "--lags", "4", "--hidden", "4", "--epochs", "2", "--folds", "2", "--quiet"]
        let json = try CLI.run(["backtest", csv, "--lead-times", "2", "--json"] + options)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(((report["metrics"] as? [String: Any])?["by_lead_time"] as? [Any])?.count == 2)
        let folds = try #require(report["folds"] as? [[String: Any]])
        #expect(folds.count == 2 && folds.allSatisfy { (($0["metrics"] as? [String: Any])?["by_lead_time"] as? [Any])?.count == 2 })
        let text = try CLI.run(["backtest", csv, "--lead-times", "2"] + options)
        #expect(text.status == 0 && text.stdout.contains("mean over 2 folds\n  by lead time"), "\(text.stdout)")
        let bad = try CLI.run(["backtest", csv, "--lead-times", "0"] + options)
        #expect(bad.status == 64 && bad.stderr.contains("--lead-times must be at least 1"), "\(bad.stderr)")
    }
}
