import ArgumentParser
import TSForecast
import TSSupport

extension BacktestWindow: ExpressibleByArgument {}

struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin evaluation: train on a growing (or sliding) history, test on the block after it.",
        discussion: """
            The rows after the first training part are cut into --folds consecutive test
            blocks. Fold k trains on everything before its block (expanding) or on a window of
            fixed length ending there (sliding), then scores one-step-ahead predictions on the
            block beside the baselines. Without --refit the model of the first fold is reused.
            """)

    @Argument(help: "The CSV file holding the series.")
    var csv: String
    @OptionGroup var options: TrainOptions
    @Option(help: "Number of test blocks.")
    var folds = 3
    @Flag(help: "Train a new model for every fold.")
    var refit = false
    @Option(help: "Training window: expanding or sliding.")
    var window: BacktestWindow = .expanding
    @Option(name: .customLong("lead-times"), help: ArgumentHelp(
        "Also score H-step forecasts from every origin of each block by lead time 1…H, averaged over the folds lead by lead (default: the model's --horizon when above 1).",
        valueName: "H"))
    var leadTimes: Int?
    @Flag(help: "Print the run report (docs/REPORT_FORMAT.md) as one JSON object on stdout.")
    var json = false
    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        if folds < 1 { throw ValidationError("--folds must be at least 1, got \(folds)") }
        if let leadTimes, leadTimes < 1 { throw ValidationError("--lead-times must be at least 1, got \(leadTimes)") }
    }

    func run() throws {
        let reporter = ProgressReporter(totalEpochs: options.epochs, quiet: quiet, members: options.ensemble)
        let report = try TSForecast.Backtest.run(
            file: csv, setup: options.setup, folds: folds, refit: refit, window: window, leadTimes: leadTimes
        ) { record in
            reporter.epochFinished(record)
            return true
        }
        reporter.finish()
        if json {
            print(try Output.json(RunReport(backtest: report, model: options.model)))
        } else {
            for fold in report.folds {
                print(Output.metricsTable(
                    title: "fold \(fold.fold): train rows \(fold.trainRows), test rows \(fold.testRows)",
                    rows: [(options.model.rawValue, fold.metrics)] + Output.baselineRows(fold.baselines)))
            }
            print(String(cFormat: "mean RMSE over %d folds: model %.4g, persistence %.4g", report.folds.count, report.meanRMSE, report.meanPersistenceRMSE))
            let mean = Metrics.mean(of: report.folds.map(\.metrics))
            if let leads = Output.leadTimeTable(model: options.model.rawValue, mean) { print("mean over \(report.folds.count) folds\n" + leads) }
        }
    }
}
