import ArgumentParser
import TSClassification
import TSForecast
import TSSafetensors
import TSSupport

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
        let size = ((try? FileManager.default.attributesOfItem(atPath: model))?[.size] as? UInt).map { Int($0) }
        if let generative = try GenerativeSummary.load(url) {
            return print(json ? try Output.json(generative) : generative.table())
        }
        let file = try SafetensorsFile.read(from: url)
        if ClassifierFile.isClassifier(file) {
            let summary = ClassifierSummary(try ClassifierFile.load(file), fileSize: size)
            print(json ? try Output.json(summary) : summary.table())
            return
        }
        let summary = try ForecastModel.load(from: url).summary(fileSize: size)
        print(json ? try Output.json(summary) : summary.table())
    }
}
