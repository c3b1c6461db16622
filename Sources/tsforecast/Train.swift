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
            """)

    @Argument(help: "The CSV file holding the series.")
    var csv: String
    @OptionGroup var options: TrainOptions
    @Option(name: .shortAndLong, help: "Where to write the model (safetensors).")
    var output = "model.safetensors"
    @Option(help: "Also write SVG plots (forecast, loss curves) into this directory.")
    var plot: String?
    @Flag(help: "Print the run report (docs/REPORT_FORMAT.md) as one JSON object on stdout.")
    var json = false
    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func run() throws {
        options.applyThreads()
        let reporter = ProgressReporter(totalEpochs: options.epochs, quiet: quiet)
        let run = try ForecastPipeline.train(file: csv, setup: options.setup) { record in
            reporter.epochFinished(record)
            return true
        }
        reporter.finish()
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
}
