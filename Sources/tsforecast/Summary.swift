import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TSForecast

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Show a model's layers, output shapes, parameter counts and training metadata (forecasters and generative models).")

    @Argument(help: "The model file.")
    var model: String
    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        let url = URL(fileURLWithPath: model, isDirectory: false)
        if let generative = try GenerativeSummary.load(url) {
            return print(json ? try Output.json(generative) : generative.table())
        }
        let forecaster = try ForecastModel.load(from: url)
        let size = (try? FileManager.default.attributesOfItem(atPath: model))?[.size] as? UInt
        let summary = forecaster.summary(fileSize: size.map { Int($0) })
        print(json ? try Output.json(summary) : summary.table())
    }
}
