import Foundation
import Testing

/// Every command example that `tsforecast --help` and README.md show runs as written, in
/// order, on bundled data, and exits 0: an example cannot go stale.
///
/// The examples run in a scratch directory holding `data/` (the bundled series) and
/// `series/` (two of them, for the batch examples). README's `$B` is the binary under test
/// (its `swift build` and `B=` lines are the build, not examples); the deployment examples'
/// `/data/` is the scratch directory, and their job index comes from the environment a
/// Kubernetes Indexed Job or a Slurm array task would set (index 0).
@Suite(.serialized) struct DocumentedExamplesTests {
    /// The scratch directory the examples run in.
    static func workspace() throws -> URL {
        let dir = try CLI.temporaryDirectory()
        let files = FileManager.default
        try files.createSymbolicLink(at: dir.appendingPathComponent("data"), withDestinationURL: CLI.root.appendingPathComponent("data"))
        let series = dir.appendingPathComponent("series")
        try files.createDirectory(at: series, withIntermediateDirectories: true)
        for name in ["nile.csv", "sunspots_yearly.csv"] {
            try files.copyItem(atPath: CLI.bundled(name), toPath: series.appendingPathComponent(name).path)
        }
        return dir
    }

    /// Splits an example into arguments (the examples use no quoting), dropping the leading
    /// `tsforecast` or `$B`.
    static func arguments(of line: String) -> [String] {
        #expect(!line.contains("\"") && !line.contains("'"), "example uses quoting the test does not parse: \(line)")
        return Array(line.split(separator: " ").map(String.init).dropFirst())
    }

    /// Runs `examples` in order in `dir`, expecting each to exit 0.
    static func run(_ examples: [[String]], in dir: URL) throws {
        let environment = ["JOB_COMPLETION_INDEX": "0", "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "1"]
        for arguments in examples {
            let result = try CLI.run(arguments, environment: environment, directory: dir)
            #expect(result.status == 0, "tsforecast \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
    }

    @Test func rootHelpExamplesRun() throws {
        let help = try CLI.run(["--help"], environment: ["COLUMNS": "300"])
        let lines = help.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let start = try #require(lines.firstIndex(of: "EXAMPLES:"))
        let examples = lines[(start + 1)...].prefix { $0.hasPrefix("tsforecast ") }.map(Self.arguments)
        #expect(examples.count >= 7, "the help lists \(examples.count) examples")
        try Self.run(examples, in: try Self.workspace())
    }

    @Test func readmeExamplesRun() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        var examples: [[String]] = []
        var block: String?
        var list: String?  // a YAML command list, until its closing bracket
        for raw in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let open = list {
                list = open + " " + line
                guard line.hasSuffix("]") else { continue }
                let text = list!.replacingOccurrences(of: "/data/", with: "")
                let words = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
                examples.append(Array(words.dropFirst()))
                list = nil
                continue
            }
            if line.hasPrefix("```") {
                block = block == nil ? String(line.dropFirst(3)) : nil
                continue
            }
            guard let kind = block else { continue }
            if kind == "sh", line.hasPrefix("$B ") || line.hasPrefix("tsforecast ") {
                examples.append(Self.arguments(of: line.replacingOccurrences(of: "/data/", with: "")))
            } else if kind == "yaml", line.hasPrefix("command: [\"tsforecast\"") {
                list = String(line.dropFirst("command: ".count))
            }
        }
        #expect(examples.count >= 9, "README shows \(examples.count) examples")
        try Self.run(examples, in: try Self.workspace())
    }
}
