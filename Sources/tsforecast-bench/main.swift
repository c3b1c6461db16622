import Foundation

/// `tsforecast-bench <benchmark>`: runs one benchmark (build with `-c release`).
let benchmarks: [String: () -> Void] = [
    "linear": LinearBenchmark.run,
]

let name = CommandLine.arguments.dropFirst().first ?? ""
if let run = benchmarks[name] {
    run()
} else {
    print("usage: tsforecast-bench <benchmark>\nbenchmarks: \(benchmarks.keys.sorted().joined(separator: ", "))")
    exit(2)
}
