import TSSupport

/// Prints a benchmark's `--json` report: pretty-printed with sorted snake-case keys, the
/// layout the PyTorch twins in `benchmarks/pytorch/` write and `benchmarks/*.sh` read.
func printReportJSON(_ report: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    if let data = try? encoder.encode(report) { print(String(decoding: data, as: UTF8.self)) }
}
