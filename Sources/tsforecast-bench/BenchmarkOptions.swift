import TSTensor

/// The flags shared by the benchmark subcommands: `--threads N`, `--seconds S`, `--json`
/// and subcommand-specific ones (`--hidden H`, `--model M`), parsed as `flag value` pairs.
struct BenchmarkOptions {
    /// Seconds each configuration runs for.
    var seconds: Double
    /// OpenBLAS threads (`--threads`), set when parsed.
    var threads: Int?
    /// Whether to print JSON instead of a table.
    var json = false
    /// The values of the accepted subcommand-specific flags, by flag name.
    var values: [String: String] = [:]

    /// Parses `arguments`; `extra` lists the accepted subcommand-specific flags that take
    /// a value. Returns `nil` after printing the problem for an unknown flag or bad value.
    init?(_ command: String, _ arguments: [String], seconds: Double, extra: [String] = []) {
        self.seconds = seconds
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            if flag == "--json" {
                json = true
                index += 1
                continue
            }
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch flag {
            case "--threads":
                guard let n = Int(value), n > 0 else { print("\(command): --threads needs a positive integer, got '\(value)'"); return nil }
                threads = n
            case "--seconds":
                guard let s = Double(value), s > 0 else { print("\(command): --seconds needs a positive number, got '\(value)'"); return nil }
                self.seconds = s
            case _ where extra.contains(flag):
                guard !value.isEmpty else { print("\(command): \(flag) needs a value"); return nil }
                values[flag] = value
            default:
                let accepted = (["--threads N", "--seconds S", "--json"] + extra.map { "\($0) X" }).joined(separator: ", ")
                print("\(command): unknown argument '\(flag)' (expected \(accepted))")
                return nil
            }
            index += 2
        }
        if let threads { BLAS.setThreads(threads) }
    }
}
