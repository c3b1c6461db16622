import Foundation
import Testing

/// `batch train --resume`: series whose model file a run with the same flags finished are
/// skipped (their files untouched) and counted in the summary; the others are trained; a
/// model written with other flags fails its series instead of being kept or overwritten.
@Suite struct BatchResumeTests {
    static func statuses(_ out: URL) throws -> [String: String] {
        let json = try Data(contentsOf: out.appendingPathComponent("summary-0-of-1.json"))
        let rows = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { (URL(fileURLWithPath: $0["file"] as! String).lastPathComponent, $0["status"] as! String) })
    }

    @Test func finishedSeriesAreSkippedAndTheRestTrained() throws {
        let dir = try BatchTests.seriesDirectory(count: 3, broken: false)
        let out = dir.deletingLastPathComponent().appendingPathComponent("models")
        let command = ["batch", "train", dir.path, "--out", out.path, "--jobs", "1"] + BatchTests.train
        let first = try CLI.run(command)
        #expect(first.status == 0, "\(first.stderr)")
        let model = { (i: Int) in out.appendingPathComponent("s\(i).safetensors") }
        let original = try InMemoryParityTests.contents(model(1).path)
        // s1 unfinished (the run was killed before it wrote the model); s0 and s2 finished,
        // marked by mode 0444 so a rewrite (a new file renamed over them) would show.
        try FileManager.default.removeItem(at: model(1))
        for i in [0, 2] { try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: model(i).path) }

        let resumed = try CLI.run(command + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("train: 3 of 3 series ok (shard 0/1; skipped 2 finished)"), "\(resumed.stdout)")
        #expect(try Self.statuses(out) == ["s0.csv": "skipped", "s1.csv": "ok", "s2.csv": "skipped"])
        for i in [0, 2] {
            let mode = try FileManager.default.attributesOfItem(atPath: model(i).path)[.posixPermissions] as? Int
            #expect(mode == 0o444, "s\(i) was rewritten")
        }
        let retrained = try InMemoryParityTests.contents(model(1).path)
        #expect(retrained.tensors == original.tensors && retrained.metadata == original.metadata, "s1 trained again as before")

        let other = try CLI.run(command + ["--resume", "--hidden", "5"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("s0.safetensors was trained with other flags; remove it or run without --resume"), "\(other.stderr)")
    }

    /// `--calendar auto` is resolved per series when training and the model stores the
    /// features chosen; a resumed run with the same flags takes them as its own and skips
    /// the finished series. `summary` shows the seasonal inputs.
    @Test func calendarAutoResumes() throws {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("daily")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let days = ISO8601DateFormatter()
        days.formatOptions = [.withFullDate]
        for i in 0..<2 {
            let rows = (0..<60).map { (k: Int) -> String in
                let value: Double = 20 + 5 * sin(0.9 * Double(k) + Double(i))
                return days.string(from: Date(timeIntervalSince1970: 1_704_067_200 + Double(k) * 86_400)) + ",\(value)"
            }
            try (["date,y"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("d\(i).csv"), atomically: true, encoding: .utf8)
        }
        let out = dir.deletingLastPathComponent().appendingPathComponent("models")
        let command = ["batch", "train", dir.path, "--out", out.path, "--jobs", "1", "--seasonal-lags", "7", "--calendar", "auto"] + BatchTests.train
        let first = try CLI.run(command)
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try CLI.run(command + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("skipped 2 finished"), "\(resumed.stdout)")
        let summary = try CLI.run(["summary", out.appendingPathComponent("d0.safetensors").path])
        #expect(summary.stdout.contains("seasonal lags: 7  calendar: weekday,yearday"), "\(summary.stdout)")
    }
}
