import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// End to end: train → summary → forecast → evaluate → plot on bundled data.
@Suite(.serialized) struct WorkflowTests {
    static let quickTrain = ["--lags", "6", "--hidden", "8", "--epochs", "4", "--seed", "3", "--quiet"]

    @Test func helpListsExamplesAndExitCodes() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("EXAMPLES:"))
        #expect(result.stdout.contains("tsforecast train data/sunspots_yearly.csv --model lstm --lags 10"))
        for code in ["64", "65", "66", "70"] { #expect(result.stdout.contains("  \(code)  ")) }
    }

    @Test func trainSummaryForecastEvaluatePlot() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("nile.safetensors").path
        let csv = CLI.bundled("nile.csv")

        let train = try CLI.run(["train", csv, "--model", "lstm", "--loss", "gaussian", "-o", model, "--json"] + Self.quickTrain)
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        #expect(report["schema"] as? String == "tsforecast-report" && report["version"] as? Int == 1)
        #expect(report["command"] as? String == "train" && report["model"] as? String == "lstm")
        for key in ["metrics", "baselines", "seconds", "training"] { #expect(report[key] != nil, "train --json lacks '\(key)'") }
        #expect(report["folds"] == nil)
        let test = try #require(report["metrics"] as? [String: Any])
        for key in ["rmse", "mae", "mape", "smape", "mase", "r2", "nrmse_range", "nrmse_std", "nrmse_mean", "fit_percent", "mode"] {
            #expect(test[key] != nil, "metrics lacks '\(key)'")
        }
        let baselines = try #require(report["baselines"] as? [String: Any])
        for key in ["persistence", "seasonal_naive", "mean"] { #expect(baselines.keys.contains(key), "baselines lacks '\(key)'") }
        let training = try #require(report["training"] as? [String: Any])
        for key in ["parameters", "epochs_run", "best_epoch", "stopped_early", "seed"] { #expect(training[key] != nil, "training lacks '\(key)'") }
        #expect((training["history"] as? [Any])?.count == 4)

        let summary = try CLI.run(["summary", model])
        #expect(summary.status == 0)
        #expect(summary.stdout.contains("LSTM-1"))
        #expect(summary.stdout.contains("Total params: 362"))  // LSTM 4·8·(1+8) + 2·32 biases, head 9, log-variance 1

        let forecastPath = dir.appendingPathComponent("f.csv").path
        let forecast = try CLI.run(["forecast", "--model", model, csv, "--horizon", "5", "-o", forecastPath])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        let lines = try String(contentsOfFile: forecastPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "time,forecast,lower,upper")
        #expect(lines.count == 6)
        #expect(lines[1].hasPrefix("1971,"))

        let evaluate = try CLI.run(["evaluate", "--model", model, csv, "--json"])
        #expect(evaluate.status == 0)
        let evaluation = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        #expect(evaluation["command"] as? String == "evaluate" && evaluation["schema"] as? String == "tsforecast-report")
        #expect((evaluation["metrics"] as? [String: Any])?["count"] as? Int == 15)
        #expect(evaluation["baselines"] != nil && evaluation["seconds"] != nil && evaluation["training"] == nil)
        let table = try CLI.run(["evaluate", "--model", model, csv])
        #expect(table.stdout.contains("test (one-step, 15 rows)"), "\(table.stdout)")
        let predictionsPath = dir.appendingPathComponent("p.csv").path
        #expect(try CLI.run(["evaluate", "--model", model, csv, "--predictions", predictionsPath]).status == 0)
        let predictions = try String(contentsOfFile: predictionsPath, encoding: .utf8).split(separator: "\n")
        #expect(predictions.first == "row,time,actual,predicted,lower,upper")
        #expect(predictions.count == 16)
        #expect(predictions[1].hasPrefix("85,1956,"), "first test row of 100: 85 (70/15/15)")

        let plots = dir.appendingPathComponent("plots")
        let plot = try CLI.run(["plot", "--model", model, csv, "--horizon", "8", "--out", plots.path])
        #expect(plot.status == 0, "\(plot.stderr)")
        for name in ["forecast.svg", "loss.svg"] {
            let svg = try Data(contentsOf: plots.appendingPathComponent(name))
            let parser = XMLParser(data: svg)
            #expect(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))")
            let text = String(decoding: svg, as: UTF8.self)
            #expect(text.contains("<polyline class=\"series\""))
        }
        let svg = try String(contentsOf: plots.appendingPathComponent("forecast.svg"), encoding: .utf8)
        #expect(svg.contains("data-name=\"forecast\""))
        #expect(svg.contains("<polygon class=\"band\""))
    }

    /// `rsvg-convert` (librsvg) renders both plots when it is installed.
    /// The tensor bytes of a safetensors file (after the 8-byte length and the JSON header,
    /// which holds the run's wall time).
    static func tensorBytes(_ path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return data.dropFirst(8 + headerLength)
    }

    /// `--threads N` fixes the training threads: the same seed and thread count give the
    /// same weights (a batch of 64 × 32 units is split into row chunks from two threads on).
    @Test func trainingIsReproducibleAtAFixedThreadCount() throws {
        let dir = try CLI.temporaryDirectory()
        let csv = CLI.bundled("nile.csv")
        for threads in ["1", "2"] {
            var weights: [Data] = []
            for run in 0..<2 {
                let model = dir.appendingPathComponent("t\(threads)-\(run).safetensors").path
                let train = try CLI.run(
                    ["train", csv, "--model", "lstm", "--threads", threads, "--batch-size", "64", "--hidden", "32", "-o", model]
                        + ["--lags", "6", "--epochs", "3", "--seed", "5", "--quiet"])
                #expect(train.status == 0, "\(train.stderr)")
                weights.append(try Self.tensorBytes(model))
            }
            #expect(weights[0].count > 4 * 4 * 32 * 33)
            #expect(weights[0] == weights[1], "--threads \(threads): two runs with seed 5 differ")
        }
        let zero = try CLI.run(["train", csv, "--threads", "0"])
        #expect(zero.status == 64 && zero.stderr.contains("--threads"))
        let batch = try CLI.run(["batch", "train", csv, "--out", dir.path, "--threads", "2"])
        #expect(batch.status == 64 && batch.stderr.contains("--threads"))
    }

    @Test func plotsRenderWithLibrsvg() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert") else { return }
        let dir = try CLI.temporaryDirectory()
        let train = try CLI.run(["train", CLI.bundled("nile.csv"), "--model", "mlp", "-o", dir.appendingPathComponent("m.safetensors").path, "--plot", dir.path] + Self.quickTrain)
        #expect(train.status == 0, "\(train.stderr)")
        for name in ["forecast", "loss"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
            process.arguments = [dir.appendingPathComponent("\(name).svg").path, "-o", dir.appendingPathComponent("\(name).png").path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let png = try Data(contentsOf: dir.appendingPathComponent("\(name).png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }
}
