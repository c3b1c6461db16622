import Foundation
import Testing
import TSData
import TSForecast
import TSSafetensors
import TSTensor

/// The CSV path is a thin layer over the in-memory one: the same data, setup and seed
/// through `tsforecast train` and through `LoadedSeries(name:target:…)` +
/// `ForecastPipeline.train(series:…)` give the same model file.
@Suite struct InMemoryParityTests {
    /// `data/sine_exog.csv` as arrays: dates, `y`, inputs `u1`, `u2`.
    static func sineColumns() throws -> (dates: [Date], y: [Float], u1: [Float], u2: [Float]) {
        let text = try String(contentsOfFile: CLI.bundled("sine_exog.csv"), encoding: .utf8)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        var columns: (dates: [Date], y: [Float], u1: [Float], u2: [Float]) = ([], [], [], [])
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",").map(String.init)
            columns.dates.append(try #require(formatter.date(from: cells[0])))
            columns.y.append(try #require(Float(cells[1])))
            columns.u1.append(try #require(Float(cells[2])))
            columns.u2.append(try #require(Float(cells[3])))
        }
        return columns
    }

    /// Tensors and metadata of a model file. The only field allowed to differ is the
    /// measured wall-clock `train_seconds` of the run report, set to 0 here: two runs
    /// cannot take the same time, everything else must match byte for byte.
    static func contents(_ path: String) throws -> (tensors: [String: [UInt32]], metadata: [String: String]) {
        let file = try SafetensorsFile.read(from: URL(fileURLWithPath: path))
        var metadata = file.metadata
        let json = try #require(metadata["tsforecast"])
        metadata["tsforecast"] = json.replacingOccurrences(of: #""train_seconds":[0-9.e+-]+"#, with: #""train_seconds":0"#, options: .regularExpression)
        #expect(metadata["tsforecast"] != json, "the model metadata has no train_seconds to neutralise")
        return (file.tensors.mapValues { $0.scalars.map(\.bitPattern) }, metadata)
    }

    @Test func arraysAndCSVGiveTheSameModelFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cliModel = directory.appendingPathComponent("cli.safetensors").path
        let cli = try CLI.run([
            "train", CLI.bundled("sine_exog.csv"), "--inputs", "u1,u2", "--model", "gru", "--lags", "6", "--hidden", "8",
            "--epochs", "3", "--seed", "7", "--quiet", "-o", cliModel,
        ])
        #expect(cli.status == 0, "\(cli.stderr)")

        let c = try Self.sineColumns()
        let series = try LoadedSeries(
            name: "sine_exog", target: c.y, targetName: "y", time: .dates(c.dates), timeName: "date",
            inputs: [("u1", c.u1), ("u2", c.u2)])
        var setup = ForecastSetup()
        (setup.model, setup.lags, setup.hidden, setup.training.epochs, setup.training.seed) = (.gru, 6, 8, 3, 7)
        let run = try ForecastPipeline.train(series: series, setup: setup, progress: nil)
        let libraryModel = directory.appendingPathComponent("library.safetensors").path
        try run.model.save(to: URL(fileURLWithPath: libraryModel))

        let (fromCLI, fromLibrary) = (try Self.contents(cliModel), try Self.contents(libraryModel))
        #expect(fromCLI.tensors.keys.sorted() == fromLibrary.tensors.keys.sorted())
        #expect(fromCLI.tensors == fromLibrary.tensors)
        #expect(fromCLI.metadata == fromLibrary.metadata)
    }
}
