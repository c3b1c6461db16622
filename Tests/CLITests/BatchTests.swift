import Foundation
import Testing

/// `tsforecast batch`: parallel series, failures isolated, shards covering every series once.
@Suite struct BatchTests {
    /// A directory of `count` small CSV series (`s0.csv`, …) and one broken file.
    static func seriesDirectory(count: Int, broken: Bool) throws -> URL {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("series")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for i in 0..<count {
            let rows = (0..<60).map { k in "\(k),\(sin(Double(k) * 0.3 + Double(i)) * 10 + 20)" }
            try (["t,y"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("s\(i).csv"), atomically: true, encoding: .utf8)
        }
        if broken { try "t,y\n1,2\n2,\"unterminated\n".write(to: dir.appendingPathComponent("broken.csv"), atomically: true, encoding: .utf8) }
        return dir
    }

    static let train = ["--model", "mlp", "--lags", "3", "--hidden", "4", "--epochs", "2"]

    @Test func aBrokenSeriesIsReportedAndTheOthersFinish() throws {
        let dir = try Self.seriesDirectory(count: 3, broken: true)
        let out = dir.deletingLastPathComponent().appendingPathComponent("models")
        let result = try CLI.run(["batch", "train", dir.path, "--out", out.path, "--jobs", "2"] + Self.train)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("broken.csv"))
        for i in 0..<3 { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("s\(i).safetensors").path)) }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary-0-of-1.json"))) as? [[String: Any]]
        let statuses = Dictionary(uniqueKeysWithValues: (summary ?? []).map { (URL(fileURLWithPath: $0["file"] as! String).lastPathComponent, $0["status"] as! String) })
        #expect(statuses == ["broken.csv": "failed", "s0.csv": "ok", "s1.csv": "ok", "s2.csv": "ok"])

        let forecasts = dir.deletingLastPathComponent().appendingPathComponent("forecasts")
        let forecast = try CLI.run(["batch", "forecast", dir.path, "--models", out.path, "--out", forecasts.path, "--horizon", "4"])
        #expect(forecast.status == 2)
        for i in 0..<3 {
            let csv = try String(contentsOf: forecasts.appendingPathComponent("s\(i).forecast.csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 5)
        }
    }

    @Test func threeShardsCoverEverySeriesExactlyOnce() throws {
        let dir = try Self.seriesDirectory(count: 7, broken: false)
        let out = dir.deletingLastPathComponent().appendingPathComponent("models")
        var seen: [String] = []
        for shard in 0..<3 {
            let arguments = ["batch", "train", dir.path, "--out", out.path, "--jobs", "1"] + Self.train
            let result = shard == 2
                ? try CLI.run(arguments + ["--shard-from-env", "--shard-count", "3"], environment: ["JOB_COMPLETION_INDEX": "2"])
                : try CLI.run(arguments + ["--shard", "\(shard)/3"])
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary-\(shard)-of-3.json"))) as? [[String: Any]]
            seen += (summary ?? []).map { URL(fileURLWithPath: $0["file"] as! String).lastPathComponent }
        }
        #expect(seen.sorted() == (0..<7).map { "s\($0).csv" }.sorted())
    }

    @Test func badShardsAreUsageErrors() throws {
        let dir = try Self.seriesDirectory(count: 1, broken: false)
        let result = try CLI.run(["batch", "train", dir.path, "--out", dir.path, "--shard", "3/3"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--shard"))
    }
}
