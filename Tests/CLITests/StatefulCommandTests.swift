import Foundation
import Testing

/// `--stateful` through the command: train → summary (says stateful) → evaluate (the same
/// test RMSE the training run reported: both warm the state up over the whole history) →
/// forecast → backtest, and the usage errors.
@Suite(.serialized) struct StatefulCommandTests {
    @Test func trainSummaryEvaluateForecastBacktest() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("s.safetensors").path
        let csv = CLI.bundled("sunspots_yearly.csv")
        let common = ["--model", "gru", "--hidden", "8", "--subsequence", "4", "--washout", "1", "--stateful", "--epochs", "3", "--seed", "2", "--quiet"]
        let train = try CLI.run(["train", csv] + common + ["--json", "-o", model])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        let trainedRMSE = try #require((report["metrics"] as? [String: Any])?["rmse"] as? Double)

        let summary = try CLI.run(["summary", model])
        #expect(summary.status == 0 && summary.stdout.contains("sub-sequences: 4 steps  washout: 1  stateful"), "\(summary.stdout)")

        let evaluate = try CLI.run(["evaluate", "--model", model, csv, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let evaluated = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        let rmse = try #require((evaluated["metrics"] as? [String: Any])?["rmse"] as? Double)
        #expect(abs(rmse - trainedRMSE) <= 1e-6 * trainedRMSE, "evaluate \(rmse) vs train \(trainedRMSE)")

        let forecastPath = dir.appendingPathComponent("f.csv").path
        let forecast = try CLI.run(["forecast", "--model", model, csv, "--horizon", "4", "-o", forecastPath])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        #expect(try String(contentsOfFile: forecastPath, encoding: .utf8).split(separator: "\n").count == 5)

        let backtest = try CLI.run(["backtest", csv, "--folds", "2"] + common)
        #expect(backtest.status == 0 && backtest.stdout.contains("mean RMSE over 2 folds"), "\(backtest.stderr)")
    }

    @Test(arguments: [
        (["--stateful"], "--stateful needs --subsequence L"),
        (["--stateful", "--subsequence", "4", "--model", "mlp"], "--stateful needs --model lstm, gru or rnn"),
    ])
    func usageErrors(flags: [String], message: String) throws {
        let result = try CLI.run(["train", CLI.bundled("nile.csv"), "--epochs", "1", "-o", "/tmp/unused.safetensors"] + flags)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
