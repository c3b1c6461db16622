import Foundation
import Testing

/// `train --global`, then `evaluate` and `forecast` of the global model, end to end.
@Suite struct GlobalCommandTests {
    /// Five related 80-row series of levels 10…50 000 and one 12-row series, in a directory.
    static func seriesDirectory() throws -> URL {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("series")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (i, level) in [10.0, 100, 1000, 5000, 50_000].enumerated() {
            let rows = (0..<80).map { k in
                let wave: Double = sin(Double(k) * 2 * .pi / 8 + Double(i)) + 0.1 * sin(Double(k * (i + 2)) * 1.3)
                return "\(k),\(level * (1 + 0.2 * wave))"
            }
            try (["t,y"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("s\(i).csv"), atomically: true, encoding: .utf8)
        }
        let short = (0..<12).map { "\($0),\($0 + 1)" }
        try (["t,y"] + short).joined(separator: "\n").write(to: dir.appendingPathComponent("tiny.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func trainEvaluateForecastEverySeries() throws {
        let dir = try Self.seriesDirectory()
        let model = dir.deletingLastPathComponent().appendingPathComponent("global.safetensors").path
        let train = try CLI.run([
            "train", dir.path, "--global", "--model", "mlp", "--lags", "8", "--hidden", "8", "--epochs", "20", "--lr", "0.01",
            "--season", "8", "--test-horizon", "8", "-o", model, "--quiet", "--json",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        let skipped = report["skipped"] as? [[String: Any]]
        #expect(skipped?.map { $0["name"] as? String } == ["tiny"])
        let evaluation = try #require(report["evaluation"] as? [String: Any])
        #expect((evaluation["series"] as? [Any])?.count == 5)

        let evaluate = try CLI.run(["evaluate", "--model", model, dir.path])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("median MASE") && evaluate.stdout.contains("seasonal naive"))
        #expect(!evaluate.stdout.contains("by lead time"))
        let leads = try CLI.run(["evaluate", "--model", model, dir.path, "--lead-times", "3"])
        #expect(leads.status == 0 && leads.stdout.contains("by lead time") && leads.stdout.contains("mean RMSSE"), "\(leads.stderr)")
        let leadsJSON = try CLI.run(["evaluate", "--model", model, dir.path, "--lead-times", "3", "--json"])
        let leadReport = try #require(try JSONSerialization.jsonObject(with: Data(leadsJSON.stdout.utf8)) as? [String: Any])
        #expect((leadReport["by_lead_time"] as? [[String: Any]])?.map { $0["lead"] as? Int } == [1, 2, 3])
        #expect((leadReport["lead_time_mean"] as? [String: Any])?["model"] != nil)

        let forecast = try CLI.run(["forecast", "--model", model, dir.path, "--horizon", "3"])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        let lines = forecast.stdout.split(separator: "\n")
        #expect(lines.first == "id,time,forecast" && lines.count == 1 + 5 * 3)
        #expect(Set(lines.dropFirst().map { $0.split(separator: ",")[0] }) == ["s0", "s1", "s2", "s3", "s4"])
        // Each series' forecast in its own units: s4 (level 50 000) within ±30 % of it.
        for line in lines where line.hasPrefix("s4,") {
            let value = try #require(Double(line.split(separator: ",")[2]))
            #expect(abs(value - 50_000) < 15_000, "\(line)")
        }

        let several = try CLI.run(["train", dir.appendingPathComponent("s0.csv").path, dir.appendingPathComponent("s1.csv").path])
        #expect(several.status == 64 && several.stderr.contains("--global"))
        let all = try CLI.run(["evaluate", "--model", model, dir.path, "--all"])
        #expect(all.status == 64)
    }

    /// `train --global --ensemble 2`: one file of two members; `evaluate` names the
    /// ensemble and its JSON gives each series the members' spread; `forecast` covers
    /// every series.
    @Test func globalEnsembleTrainsEvaluatesAndForecasts() throws {
        let dir = try Self.seriesDirectory()
        let model = dir.deletingLastPathComponent().appendingPathComponent("global-ensemble.safetensors").path
        let train = try CLI.run([
            "train", dir.path, "--global", "--ensemble", "2", "--model", "mlp", "--lags", "8", "--hidden", "8", "--epochs", "5",
            "--season", "8", "--test-horizon", "8", "-o", model, "--quiet",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("ensemble of 2 (mean)"), "\(train.stdout)")
        let evaluate = try CLI.run(["evaluate", "--model", model, dir.path, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        let series = try #require(report["series"] as? [[String: Any]])
        #expect(series.count == 5)
        for entry in series {
            let members = entry["members"] as? [String: Any]
            #expect(members?["members"] as? Int == 2 && (members?["seeds"] as? [Int])?.count == 2, "\(entry)")
        }
        let forecast = try CLI.run(["forecast", "--model", model, dir.path, "--horizon", "2"])
        #expect(forecast.status == 0 && forecast.stdout.split(separator: "\n").count == 1 + 5 * 2, "\(forecast.stderr)")
    }

    /// `train long.csv --id id`: the same series in one long file (rows interleaved), then
    /// `evaluate` and `forecast` of the model read the long file by the id column it keeps.
    @Test func longFormatTrainEvaluateForecast() throws {
        let dir = try Self.seriesDirectory()
        var rows: [(Int, String)] = []
        for name in ["s0", "s1", "s2", "s3", "s4", "tiny"] {
            let lines = try String(contentsOf: dir.appendingPathComponent("\(name).csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            rows += lines.enumerated().map { ($0.offset, "\(name),\($0.element)") }
        }
        let ordered = rows.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        let long = dir.deletingLastPathComponent().appendingPathComponent("long.csv")
        try (["id,t,y"] + ordered).joined(separator: "\n").write(to: long, atomically: true, encoding: .utf8)
        let model = dir.deletingLastPathComponent().appendingPathComponent("long.safetensors").path

        let train = try CLI.run([
            "train", long.path, "--id", "id", "--model", "mlp", "--lags", "8", "--hidden", "8", "--epochs", "20", "--lr", "0.01",
            "--season", "8", "--test-horizon", "8", "-o", model, "--quiet",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("global, 5 series") && train.stdout.contains("tiny"), "\(train.stdout)")
        let evaluate = try CLI.run(["evaluate", "--model", model, long.path])
        #expect(evaluate.status == 0 && evaluate.stdout.contains("median MASE"), "\(evaluate.stderr)")
        let forecast = try CLI.run(["forecast", "--model", model, long.path, "--horizon", "2"])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        let lines = forecast.stdout.split(separator: "\n")
        #expect(lines.first == "id,time,forecast" && lines.count == 1 + 5 * 2)
        #expect(lines.dropFirst().map { $0.split(separator: ",")[0] } == ["s0", "s0", "s1", "s1", "s2", "s2", "s3", "s3", "s4", "s4"])

        let missing = try CLI.run(["train", long.path, "--id", "store", "--model", "mlp", "--epochs", "1", "-o", model])
        #expect(missing.status == 65 && missing.stderr.contains("store"), "\(missing.status) \(missing.stderr)")
        let onOne = try CLI.run(["backtest", long.path, "--model", "mlp", "--epochs", "1"])
        #expect(onOne.status != 0)
    }
}
