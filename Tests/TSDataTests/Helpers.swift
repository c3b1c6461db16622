import Foundation
import TSData

/// Writes `bytes` to a fresh file `name` in a per-call temporary folder; returns its path.
func writeTemp(_ name: String, bytes: [UInt8]) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tsdata-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    let written = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
    precondition(written, "writeTemp: cannot create \(url.path)")
    return url.path
}

/// Writes `text` (UTF-8) to a temporary file `name`; returns its path.
func writeTemp(_ name: String, _ text: String) -> String { writeTemp(name, bytes: Array(text.utf8)) }

/// Reads `text` as CSV file `name` with `options`.
func readCSV(_ text: String, name: String = "series.csv", _ options: CSVOptions = CSVOptions()) throws -> [TimeSeries] {
    try CSVReader(options: options).read(file: writeTemp(name, text))
}

/// The `DataError` thrown by `body`, or `nil` if it threw nothing (or something else).
func dataError(_ body: () throws -> Void) -> DataError? {
    do { try body() } catch let e as DataError { return e } catch { return nil }
    return nil
}

/// A dataset whose target is `y(t) = t` and whose inputs are `u_j(t) = 1000·(j+1) + t`.
func indexDataset(rows: Int, inputs: Int = 0, recordings: Int = 1) throws -> Dataset {
    let names = ["y"] + (0..<inputs).map { "u\($0)" }
    let series = (0..<recordings).map { r in
        TimeSeries(
            name: "r\(r)", file: "r\(r).csv", columnNames: names,
            columns: [(0..<rows).map(Float.init)] + (0..<inputs).map { j in (0..<rows).map { Float(1000 * (j + 1) + $0) } })
    }
    return try Dataset(series: series, target: "y", inputs: Array(names.dropFirst()))
}
