import ArgumentParser
import TSForecast
import TSSupport

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a CSV series and report test metrics beside naive baselines.",
        discussion: """
            The series is split chronologically into train/validation/test parts (70/15/15 by
            default); scalers are fitted on the training part; test metrics are one-step-ahead
            predictions over the test part in original units, beside the persistence, seasonal
            naive (with --season) and training-mean baselines on the same rows.

            Models: lstm, gru, rnn (recurrent, --hidden units, --layers), narx and mlp (tanh MLP
            over the lag regressor), cnn (a temporal convolutional network: residual blocks of
            two causal dilated convolutions with --kernel-size taps and --channels channels,
            dilations 1, 2, 4, ... until the receptive field covers --lags).

            Periods longer than --lags: --seasonal-lags 168,24 adds y(k−168) and y(k−24) (with
            --seasonal-depth N also their multiples up to N·m); --calendar auto (or a list of
            hour, weekday, yearday, month) adds sin/cos pairs of each row's time. Every model
            family reads them; the model file keeps them for forecast, evaluate and backtest.

            Probabilistic forecasts: --loss gaussian learns a noise variance (95% intervals);
            --loss quantile --quantiles 0.1,0.5,0.9 trains the pinball loss of those levels
            (sorted at output; the point forecast is the 0.5 quantile when listed, else their
            mean). Their test report adds the coverage, mean width and interval (Winkler) score
            of the central interval (Gaussian: 95%; quantile: the outermost levels τ, 1 − τ,
            else the lowest and highest), and the mean pinball loss for quantile models.

            With --global, one model is trained on the windows of every series given (CSV
            files, directories of them, .txt manifests), each series split and scaled on its
            own; the report aggregates per-series MASE, sMAPE and scaled RMSE beside the
            same aggregates of persistence and seasonal naive. Series too short for a
            window are listed, not fatal. --id COLUMN reads long-format files (id, time,
            target, inputs: many series in one file, rows of an id in time order) and
            trains a global model over their series, named by their id.
            """)

    @Argument(help: "The CSV file holding the series.")
    var csv: String
    @Argument(help: "With --global: more CSV files, directories of them or .txt manifests.")
    var more: [String] = []
    @Flag(help: "Train one model on every series given (a global model).")
    var global = false
    @Option(help: "Long format: the column naming each row's series (implies --global).")
    var id: String?
    @OptionGroup var options: TrainOptions
    @OptionGroup var checkpoints: CheckpointOptions
    @Option(name: .shortAndLong, help: "Where to write the model (safetensors).")
    var output = "model.safetensors"
    @Option(help: "Also write SVG plots (forecast, loss curves) into this directory.")
    var plot: String?
    @Flag(help: "Print the run report (docs/REPORT_FORMAT.md) as one JSON object on stdout.")
    var json = false
    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        if (global || id != nil) && plot != nil { throw ValidationError("--plot is not available with --global or --id") }
    }

    func run() throws {
        if global || id != nil { return try runGlobal() }
        // Checked here, not in `validate()`, so an unknown flag's value taken as a series
        // is reported as the unknown flag first.
        if !more.isEmpty { throw CommandFailure(status: .usage, message: "several series need --global (or use `tsforecast batch train`)") }
        let reporter = ProgressReporter(totalEpochs: options.epochs, quiet: quiet, members: options.ensemble)
        let writeFailure = CheckpointWriteFailure()
        let plan = try checkpoints.plan(setup: options.setup, files: [csv], failure: writeFailure)
        let run = try ForecastPipeline.train(file: csv, setup: options.setup, progress: reporter.progress, checkpoints: plan)
        reporter.finish()
        try writeFailure.check()
        try run.model.save(to: URL(fileURLWithPath: output, isDirectory: false))
        if let plot { try Charts.write(model: run.model, file: csv, horizon: nil, directory: plot) }
        if json {
            print(try Output.json(RunReport(training: run.report, model: options.model)))
        } else {
            print(Output.trainingSummary(run.report))
            reporter.note("wrote \(output)")
        }
        if let failure = run.outcome.failure { throw failure }
    }

    /// `train --global` (or `--id`): one model over every series given.
    func runGlobal() throws {
        let files = try BatchInputs.expand([csv] + more)
        var setup = options.setup
        setup.idColumn = id
        let reporter = ProgressReporter(totalEpochs: options.epochs, quiet: quiet, members: options.ensemble)
        let writeFailure = CheckpointWriteFailure()
        let plan = try checkpoints.plan(setup: setup, files: files, failure: writeFailure)
        let run = try GlobalPipeline.train(files: files, setup: setup, progress: reporter.progress, checkpoints: plan)
        reporter.finish()
        try writeFailure.check()
        try run.model.save(to: URL(fileURLWithPath: output, isDirectory: false))
        let report = run.model.metadata.training!
        let skipped = run.model.metadata.global?.skipped ?? []
        if json {
            print(try Output.json(GlobalRunJSON(training: report, evaluation: run.evaluation, skipped: skipped)))
        } else {
            print("model \(report.model) (global, \(run.evaluation.series.count) series)  parameters \(report.parameters)  epochs \(report.epochsRun) (best \(report.bestEpoch))  \(String(cFormat: "%.1f", report.trainSeconds)) s")
            print(Output.globalTable(title: "test, one-step, per series", run.evaluation, model: report.model))
            if let table = Output.globalLeadTimeTable(model: report.model, run.evaluation) { print(table) }
            Output.skippedLines(skipped).forEach { print($0) }
            reporter.note("wrote \(output)")
        }
        if let failure = run.outcome.failure { throw failure }
    }
}
