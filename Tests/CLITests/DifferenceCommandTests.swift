import Foundation
import Testing

/// `--diff` on the command: `auto` by default (weekly CO₂, which trends, is differenced;
/// `summary` shows the order stored), a number fixes the order, anything else is a usage
/// error naming the flag.
@Suite(.serialized) struct DifferenceCommandTests {
    @Test func autoByDefaultFixedOnRequest() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("co2.safetensors").path
        let options = ["--missing", "interpolate", "--model", "mlp", "--lags", "4", "--hidden", "4", "--epochs", "1", "--quiet"]
        for (flags, order) in [([String](), 1), (["--diff", "0"], 0), (["--diff", "2"], 2)] {
            let train = try CLI.run(["train", CLI.bundled("co2_weekly.csv")] + options + flags + ["-o", model])
            #expect(train.status == 0, "\(flags): \(train.stderr)")
            let summary = try CLI.run(["summary", model])
            #expect(summary.stdout.contains("diff: \(order) "), "\(flags): \(summary.stdout)")
        }
        let bad = try CLI.run(["train", CLI.bundled("co2_weekly.csv"), "--diff", "some", "-o", model])
        #expect(bad.status == 64 && bad.stderr.contains("--diff"), "\(bad.stderr)")
    }
}
