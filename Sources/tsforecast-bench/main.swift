/// `tsforecast-bench <benchmark> [flags]`: dispatches on the first argument.
/// Benchmarks are run by hand or by `benchmarks/run.sh`, never in CI.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: tsforecast-bench linear|recurrent|csv|training [flags]"
switch arguments.first {
// MERGE: the `linear` benchmark (`LinearBenchmark.swift`, another branch) plugs in here:
// case "linear": linearBenchmark(arguments: Array(arguments.dropFirst()))
case "recurrent": recurrentBenchmark(arguments: Array(arguments.dropFirst()))
// MERGE: the `csv` benchmark (another branch) plugs in here:
// case "csv": csvBenchmark(arguments: Array(arguments.dropFirst()))
case "training": trainingBenchmark(arguments: Array(arguments.dropFirst()))
default: print(usage)
}
