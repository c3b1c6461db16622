import Foundation
import TSData

/// Paths of the bundled data sets and temporary files for the forecasting tests.
enum TestData {
    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `data/<name>`.
    static func bundled(_ name: String) -> String { root.appendingPathComponent("data").appendingPathComponent(name).path }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tsforecast-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in a fresh temporary directory and returns its path.
    static func csv(_ text: String, name: String = "series.csv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A one-recording dataset `y` (and inputs `u0…`) with no time column.
    static func dataset(target: [Float], inputs: [[Float]] = []) throws -> Dataset {
        let names = ["y"] + inputs.indices.map { "u\($0)" }
        let series = TimeSeries(name: "s", file: "s.csv", columnNames: names, columns: [target] + inputs)
        return try Dataset(series: [series], target: "y", inputs: Array(names.dropFirst()))
    }
}
