import TSSupport
import TSTensor

/// `tsforecast-bench <benchmark> [arguments]`: runs one benchmark (build with
/// `-c release`; run by hand or by `benchmarks/run.sh`, never in CI).
let benchmarks: [String: ([String]) -> Void] = [
    "linear": LinearBenchmark.run(arguments:),
    "cnn": cnnBenchmark(arguments:),
    "csv": csvBenchmark(arguments:),
    "recurrent": recurrentBenchmark(arguments:),
    "training": trainingBenchmark(arguments:),
    "generative": generativeBenchmark(arguments:),
]

// A training process keeps its freed tensors' memory for the next step (see HeapRetention).
HeapRetention.retainFreedMemory()
let arguments = Array(CommandLine.arguments.dropFirst())
if let name = arguments.first, let run = benchmarks[name] {
    run(Array(arguments.dropFirst()))
} else {
    print("usage: tsforecast-bench <benchmark> [arguments]\nbenchmarks: \(benchmarks.keys.sorted().joined(separator: ", "))")
    exit(2)
}
