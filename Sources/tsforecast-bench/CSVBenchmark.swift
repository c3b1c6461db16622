import Dispatch
import TSData
import TSSupport

/// `tsforecast-bench csv [FILE]`: reads a numeric CSV with `CSVReader` and with pandas.
///
/// Without `FILE`, writes a 1,000,000-row × 3-column numeric CSV (`t,x,y`: an index, a
/// sine with 6 decimals, a scaled value in exponent notation) to a temporary folder.
/// Prints rows/s and MB/s of the best of 3 reads for each reader, and the speed ratio;
/// pandas runs as `python3 benchmarks/csv/pandas_read.py FILE 3` in a subprocess.
func csvBenchmark(arguments: [String]) {
    let path = arguments.first ?? writeBenchmarkCSV(rows: 1_000_000)
    let bytes = Double((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? UInt ?? 0)
    var best = Double.infinity
    var rows = 0
    do {
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            let series = try CSVReader().read(file: path)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            rows = series.reduce(0) { $0 + $1.count }
        }
    } catch {
        print("csv: \(error)")
        exit(1)
    }
    let megabytes = bytes / 1_000_000
    print("file           \(path) " + String(cFormat: "(%.1f MB)", megabytes))
    print(String(cFormat: "tsforecast     %d rows in %.3f s: %.2f M rows/s, %.1f MB/s", rows, best, Double(rows) / best / 1e6, megabytes / best))
    guard let pandas = pandasSeconds(path: path) else {
        print("pandas         not available (python3 benchmarks/csv/pandas_read.py failed)")
        return
    }
    print(String(cFormat: "pandas         %d rows in %.3f s: %.2f M rows/s, %.1f MB/s", rows, pandas, Double(rows) / pandas / 1e6, megabytes / pandas))
    print(String(cFormat: "ratio          tsforecast is %.2fx the speed of pandas", pandas / best))
}

/// Writes the synthetic benchmark file and returns its path.
private func writeBenchmarkCSV(rows: Int) -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tsforecast-csv-bench-\(rows).csv")
    var text = "t,x,y\n"
    text.reserveCapacity(rows * 36)
    for i in 0..<rows {
        let x = sin(Double(i) * 0.001)
        text += "\(i),\(String(cFormat: "%.6f", x)),\(String(cFormat: "%.5e", x * 1234.5 + Double(i % 97)))\n"
    }
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
    return url.path
}

/// Best-of-3 seconds reported by the pandas script, or `nil` if it could not run.
private func pandasSeconds(path: String) -> Double? {
    let quotedPath = "'" + path.replacing("'", with: "'\\''") + "'"
    guard let output = commandOutput("python3 benchmarks/csv/pandas_read.py \(quotedPath) 3"),
        let field = output.split(whereSeparator: \.isWhitespace).first(where: { $0.hasPrefix("seconds=") })
    else { return nil }
    return Double(field.dropFirst("seconds=".count))
}

/// The standard output of `command` run by `/bin/sh` (`popen`), or `nil` when it could not
/// start or exited with a non-zero status.
private func commandOutput(_ command: String) -> String? {
    guard let pipe = popen(command, "r") else { return nil }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let n = fread(&buffer, 1, buffer.count, pipe), n > 0 {
        output += buffer[..<n]
    }
    return pclose(pipe) == 0 ? String(decoding: output, as: UTF8.self) : nil
}
