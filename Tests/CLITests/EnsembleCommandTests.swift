import Foundation
import Testing

/// `--ensemble` end to end through the command: train (JSON report with the members'
/// runs and spread) → summary (members, seeds, best validation losses) → evaluate (text
/// and JSON spread) → forecast; and the combinations it refuses, as usage errors naming
/// `--ensemble`.
@Suite(.serialized) struct EnsembleCommandTests {
    @Test func trainSummaryEvaluateForecast() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("e.safetensors").path
        let csv = CLI.bundled("nile.csv")
        let train = try CLI.run([
            "train", csv, "--model", "gru", "--lags", "5", "--hidden", "6", "--epochs", "3", "--seed", "4", "--ensemble", "3",
            "--ensemble-combine", "median", "--threads", "2", "--quiet", "--json", "-o", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        let ensemble = try #require(report["ensemble"] as? [String: Any])
        #expect(ensemble["members"] as? Int == 3 && ensemble["combine"] as? String == "median" && ensemble["seeds"] as? [Int] == [4, 5, 6])
        let rmse = try #require(ensemble["rmse"] as? [String: Double])
        #expect(rmse["min"]! <= rmse["median"]! && rmse["median"]! <= rmse["max"]!)
        let members = try #require((report["training"] as? [String: Any])?["members"] as? [[String: Any]])
        #expect(members.map { $0["seed"] as? Int } == [4, 5, 6] && members.allSatisfy { $0["best_validation_loss"] is Double })

        let summary = try CLI.run(["summary", model])
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains("ensemble: 3 members, combine median"), "\(summary.stdout)")
        for seed in 4...6 { #expect(summary.stdout.contains("seed \(seed)  epochs 3"), "\(summary.stdout)") }

        let evaluate = try CLI.run(["evaluate", "--model", model, csv])
        #expect(evaluate.status == 0 && evaluate.stdout.contains("ensemble of 3 (median); members alone: RMSE min"), "\(evaluate.stdout)")
        let json = try CLI.run(["evaluate", "--model", model, csv, "--json"])
        let evaluation = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((evaluation["ensemble"] as? [String: Any])?["rmse"] as? [String: Double] == rmse)

        let forecast = try CLI.run(["forecast", "--model", model, csv, "--horizon", "3"])
        #expect(forecast.status == 0 && forecast.stdout.split(separator: "\n").count == 4, "\(forecast.stderr)")
    }

    /// `backtest` trains an ensemble per fold, and `batch train` an ensemble per series
    /// (each series on one thread, so its members one after the other).
    @Test func backtestAndBatchTrainEnsembles() throws {
        let dir = try CLI.temporaryDirectory()
        let flags = ["--model", "gru", "--lags", "5", "--hidden", "6", "--epochs", "2", "--ensemble", "2"]
        let backtest = try CLI.run(["backtest", CLI.bundled("nile.csv"), "--folds", "2", "--quiet", "--json"] + flags)
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(backtest.stdout.utf8)) as? [String: Any])
        #expect((report["folds"] as? [Any])?.count == 2)

        let series = dir.appendingPathComponent("series")
        try FileManager.default.createDirectory(at: series, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.bundled("nile.csv"), toPath: series.appendingPathComponent("nile.csv").path)
        let out = dir.appendingPathComponent("models")
        let batch = try CLI.run(["batch", "train", series.path, "--out", out.path, "--jobs", "1"] + flags)
        #expect(batch.status == 0, "\(batch.stderr)")
        let summary = try CLI.run(["summary", out.appendingPathComponent("nile.safetensors").path])
        #expect(summary.stdout.contains("ensemble: 2 members, combine mean"), "\(summary.stdout)")
    }

    @Test(arguments: [
        (["--ensemble", "0"], "--ensemble must be at least 1, got 0"),
        (["--ensemble", "2", "--checkpoint-dir", "CHECKPOINTS"], "an --ensemble of more than one network cannot checkpoint or resume"),
    ])
    func refusedCombinations(flags: [String], message: String) throws {
        let dir = try CLI.temporaryDirectory()
        let arguments = flags.map { $0 == "CHECKPOINTS" ? dir.appendingPathComponent("ck").path : $0 }
        let result = try CLI.run(
            ["train", CLI.bundled("nile.csv"), "--epochs", "1", "-o", dir.appendingPathComponent("m.safetensors").path] + arguments)
        #expect(result.status == 64 && result.stderr.contains(message), "\(result.status): \(result.stderr)")
    }
}
