import ArgumentParser
import TSForecast

extension EvaluationMode: ExpressibleByArgument {}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Metrics of a saved model on the test part of a series (or all of it), beside baselines.")

    @OptionGroup var input: ModelAndSeries
    @Option(help: "one-step: each prediction reads measured history; simulation: the model's own predictions are fed back.")
    var mode: EvaluationMode = .oneStep
    @Flag(help: "Evaluate every row that has enough history, not only the test part.")
    var all = false
    @Option(help: "Write per-step predictions to this CSV file.")
    var predictions: String?
    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        let forecaster = try input.load(trainingReport: false)
        let report = try forecaster.evaluate(file: input.csv, mode: mode, all: all)
        if let predictions { try Output.write(report.predictionsCSV(), to: predictions) }
        if json {
            print(try Output.json(report))
        } else {
            print(Output.metricsTable(
                title: "\(all ? "all rows" : "test") (\(Output.scored(report.metrics)))",
                rows: [(forecaster.metadata.network.kind.rawValue, report.metrics)] + Output.baselineRows(report.baselines)))
        }
    }
}
