import Foundation

/// `tsforecast-bench <benchmark> [arguments]`: dispatches on the first argument
/// (build with `-c release`; run by hand, never in CI).
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "csv": csvBenchmark(arguments: Array(arguments.dropFirst()))
default:
    print("usage: tsforecast-bench csv [FILE]")
    exit(2)
}
