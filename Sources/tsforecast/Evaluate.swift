import ArgumentParser
import TSForecast
import TSSupport

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
    @Option(name: .customLong("lead-times"), help: ArgumentHelp(
        "Also score H-step forecasts from every origin by lead time 1…H (default: the model's --horizon when above 1).",
        valueName: "H"))
    var leadTimes: Int?
    @Flag(help: "Print the run report (docs/REPORT_FORMAT.md) as one JSON object on stdout.")
    var json = false

    func validate() throws {
        if let leadTimes, leadTimes < 1 { throw ValidationError("--lead-times must be at least 1, got \(leadTimes)") }
    }

    func run() throws {
        let forecaster = try input.load(trainingReport: false)
        if forecaster.metadata.global != nil { return try runGlobal(forecaster) }
        let start = ContinuousClock.now
        let report = try forecaster.evaluate(file: input.csv, mode: mode, all: all, leadTimes: leadTimes)
        let seconds = ContinuousClock.now - start
        if let predictions { try Output.write(report.predictionsCSV(), to: predictions) }
        if json {
            print(try Output.json(RunReport(evaluation: report, model: forecaster.metadata.network.kind, seconds: seconds.inSeconds)))
        } else {
            print(Output.metricsTable(
                title: "\(all ? "all rows" : "test") (\(Output.scored(report.metrics)))",
                rows: [(forecaster.metadata.network.kind.rawValue, report.metrics)] + Output.baselineRows(report.baselines)))
            if let note = Output.seasonalNaiveNote(report.baselines) { print(note) }
            if let spread = report.members { print(Output.memberSpreadLine(spread)) }
        }
    }

    /// `evaluate` of a global model: per-series test scores of every series in the CSV
    /// file, directory or manifest given, with their aggregates (and by lead time, with
    /// `--lead-times` or a direct multi-horizon model).
    func runGlobal(_ forecaster: ForecastModel) throws {
        if all || predictions != nil {
            throw CommandFailure(status: .usage, message: "--all and --predictions are not available for a global model")
        }
        let evaluation = try forecaster.evaluateGlobal(files: try BatchInputs.expand([input.csv]), mode: mode, leadTimes: leadTimes)
        if json { return print(try Output.json(evaluation)) }
        let model = forecaster.metadata.network.kind.rawValue
        print(Output.globalTable(title: "test (\(mode.rawValue), per series)", evaluation, model: model))
        if let table = Output.globalLeadTimeTable(model: model, evaluation) { print(table) }
    }
}
