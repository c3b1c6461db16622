import Foundation
import Testing

/// `train --model cnn` end to end: train (direct horizon, Gaussian intervals) → summary →
/// forecast → evaluate, and the cnn flags' usage errors.
@Suite(.serialized) struct ConvolutionalForecastTests {
    @Test func trainSummaryForecastEvaluate() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("cnn.safetensors").path
        let csv = CLI.bundled("sunspots_yearly.csv")
        let train = try CLI.run([
            "train", csv, "--model", "cnn", "--lags", "12", "--channels", "8", "--kernel-size", "2", "--horizon", "3",
            "--loss", "gaussian", "--epochs", "3", "--seed", "3", "--quiet", "--json", "-o", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        #expect(report["model"] as? String == "cnn")

        // k = 2 and 12 lags: three blocks (receptive field 15). Block 0: 8·(1·2 + 1) + 8·(8·2 + 1)
        // + shortcut 8·(1 + 1) = 176; blocks 1, 2: 2·8·(8·2 + 1) = 272 each; head 3·9; log-variance 3.
        let summary = try CLI.run(["summary", model])
        #expect(summary.status == 0, "\(summary.stderr)")
        for row in ["LagWindow-1 (1 series)", "ResidualBlock-7 (shortcut + main, ReLU)", "ResidualBlock-17 (x + main, ReLU)", "LastStep-18 (last)", "Linear-19 (head)"] {
            #expect(summary.stdout.contains(row), "summary lacks \(row)")
        }
        #expect(summary.stdout.contains("Total params: 750"))
        #expect(summary.stdout.contains("kernel: 2  blocks: 3 (dilations 1…4)  receptive field: 15 rows"))

        let forecastPath = dir.appendingPathComponent("f.csv").path
        let forecast = try CLI.run(["forecast", "--model", model, csv, "--horizon", "6", "-o", forecastPath])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        let lines = try String(contentsOfFile: forecastPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "time,forecast,lower,upper")
        #expect(lines.count == 7 && lines[1].hasPrefix("2009,") && lines[6].hasPrefix("2014,"))

        for mode in ["one-step", "simulation"] {
            let evaluate = try CLI.run(["evaluate", "--model", model, csv, "--mode", mode, "--json"])
            #expect(evaluate.status == 0, "\(evaluate.stderr)")
            let evaluation = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
            let metrics = try #require(evaluation["metrics"] as? [String: Any])
            #expect(metrics["mode"] as? String == mode && metrics["count"] as? Int == 47)
        }
    }

    @Test(arguments: [
        (["--kernel-size", "1"], "--kernel-size must be at least 2, got 1"),
        (["--layers", "2"], "--layers does not apply to --model cnn"),
        (["--input-lags", "3"], "--input-lags does not apply to --model cnn"),
        (["--objective", "simulation"], "--objective simulation needs --model narx or mlp"),
    ])
    func flagErrorsAreUsageErrors(flags: [String], message: String) throws {
        let result = try CLI.run(["train", CLI.bundled("sunspots_yearly.csv"), "--model", "cnn", "-o", "unused.safetensors"] + flags)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func helpDescribesTheFlags() throws {
        let help = try CLI.run(["train", "--help"])
        #expect(help.status == 0)
        for text in ["--kernel-size", "--channels", "cnn"] { #expect(help.stdout.contains(text), "train --help lacks \(text)") }
    }
}
