import TSTensor

/// The benchmarks' default thread count, the one `benchmarks/run.sh` compares with PyTorch.
let benchmarkThreads = (try? ComputeThreads(count: 2)) ?? .single

/// The flags shared by the benchmark subcommands: `--threads N`, `--seconds S`, `--json`
/// and subcommand-specific ones (`--hidden H`, `--model M`), parsed as `flag value` pairs.
struct BenchmarkOptions {
    /// Seconds each configuration runs for.
    var seconds: Double
    /// The threads the measured work may use (`--threads`, else the command's default);
    /// handed to the tasks, tapes and products, as the library's callers do.
    var threads: ComputeThreads
    /// Whether to print JSON instead of a table.
    var json = false
    /// The values of the accepted subcommand-specific flags, by flag name.
    var values: [String: String] = [:]

    /// Parses `arguments`; `extra` lists the accepted subcommand-specific flags that take
    /// a value. Returns `nil` after printing the problem for an unknown flag or bad value.
    init?(_ command: String, _ arguments: [String], seconds: Double, threads: ComputeThreads, extra: [String] = []) {
        self.seconds = seconds
        self.threads = threads
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
                guard let n = Int(value), let count = try? ComputeThreads(count: n) else {
                    print("\(command): --threads needs a positive integer, got '\(value)'")
                    return nil
                }
                self.threads = count
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
    }
}

/// The value of `--steps` (a positive step count replacing the timed run), `.some(nil)`
/// without the flag, or `nil` after printing the problem with a bad value.
func fixedStepCount(_ command: String, _ options: BenchmarkOptions) -> Int?? {
    guard let value = options.values["--steps"] else { return .some(nil) }
    guard let steps = Int(value), steps > 0 else {
        print("\(command): --steps needs a positive integer, got '\(value)'")
        return nil
    }
    return steps
}
