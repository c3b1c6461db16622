import ArgumentParser
import TSData
import TSForecast
import TSGenerative
import TSSupport
import TSTensor
import TSTraining

extension GenerativeSpec.Kind: ExpressibleByArgument {}

/// The series and training flags shared by `anomalies`, `generate` and `embed`.
struct GenerativeOptions: ParsableArguments {
    @Argument(help: "The CSV file holding the series.")
    var csv: String
    @Option(help: "Target column (default: the only numeric column besides the time column).")
    var target: String?
    @Option(help: "Time column (default: a first column holding dates).")
    var time: String?
    @Option(help: "Training fraction: the model is fitted (and the data scaled) on this first part of the rows.")
    var train = 0.7
    @Option(help: "Hidden widths, comma-separated (e.g. 32,16).")
    var hidden = "32"
    @Option(help: "Code, latent or noise width.")
    var latent = 4
    @Option(help: "Epochs.")
    var epochs = 100
    @Option(name: .customLong("batch-size"), help: "Windows per gradient step.")
    var batchSize = 32
    @Option(help: "Learning rate.")
    var lr: Float = 1e-3
    @Option(help: "Random seed (initialisation, shuffling, noise).")
    var seed: UInt64 = 0
    @Flag(help: "Print one JSON object on stdout.")
    var json = false
    @Flag(help: "No progress output on stderr.")
    var quiet = false

    /// The hidden widths; a usage error names the flag.
    func hiddenSizes() throws -> [Int] {
        let sizes = hidden.split(separator: ",").map { Int(String($0).trimmingBlanks()) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CommandFailure(status: .usage, message: "--hidden: expected positive widths separated by commas, got '\(hidden)'")
        }
        return sizes.map { $0! }
    }

    /// The training configuration of these flags (no early stopping: there is no
    /// validation part).
    var config: TrainingConfig {
        var config = TrainingConfig()
        config.epochs = epochs
        config.batchSize = batchSize
        config.learningRate = lr
        config.seed = seed
        config.patience = 0
        config.plateauPatience = 0
        return config
    }

    /// Checks the numeric flags; a usage error names the flag.
    func validate(window: Int) throws {
        func usage(_ message: String) -> CommandFailure { CommandFailure(status: .usage, message: message) }
        guard window >= 2 else { throw usage("--window must be at least 2, got \(window)") }
        guard train > 0 && train <= 1 else { throw usage("--train must be in (0, 1], got \(train)") }
        guard latent > 0 else { throw usage("--latent must be positive, got \(latent)") }
        guard epochs > 0 else { throw usage("--epochs must be positive, got \(epochs)") }
        guard batchSize > 0 else { throw usage("--batch-size must be positive, got \(batchSize)") }
        guard lr > 0 else { throw usage("--lr must be positive, got \(lr)") }
    }

    /// Loads the series and its training part for windows of `window`.
    func load(window: Int, conditions: [String] = []) throws -> WindowedSeries {
        let loaded = try SeriesLoader.load(file: csv, target: target, inputs: conditions, timeColumn: time, missing: .error)
        let values = loaded.recording.target.map(Double.init)
        let trainRows = Int((Double(values.count) * train).rounded(.down))
        let name = URL(fileURLWithPath: csv, isDirectory: false).lastPathComponent
        guard trainRows >= window + 1 else {
            throw CommandFailure(
                status: .dataError,
                message: "\(name): \(values.count) rows give \(trainRows) training rows (--train \(train)); --window \(window) needs at least \(window + 1)")
        }
        return WindowedSeries(
            file: name, values: values, conditions: loaded.recording.inputs.map { $0.map(Double.init) }, time: loaded.time,
            target: loaded.columns.target, timeName: loaded.columns.time, trainRows: trainRows)
    }

    /// A `kind` model for windows of `window`, trained on the windows of the training part
    /// of `series` (scaled on it; epochs reported on stderr). A non-finite loss shows in
    /// the outcome's `failure` (exit 70 after the caller wrote its outputs).
    func train(_ kind: GenerativeSpec.Kind, window: Int, series: WindowedSeries)
        throws -> (model: GenerativeModel, spec: GenerativeSpec, windows: Tensor, outcome: TrainingOutcome)
    {
        let scaling = series.trainingScaling
        let spec = GenerativeSpec(
            kind: kind, inputSize: window, hidden: try hiddenSizes(), latentSize: latent, conditionSize: series.conditions.count,
            offset: scaling.offset, scale: scaling.scale)
        var rng = RandomGenerator(seed: seed)
        let model = GenerativeModel(spec: spec, rng: &rng)
        let windows = SlidingWindows.windows(Array(series.values[..<series.trainRows]), length: window, offset: scaling.offset, scale: scaling.scale)
        let reporter = ProgressReporter(totalEpochs: epochs, quiet: quiet)
        defer { reporter.finish() }
        let condition = series.windowConditions(length: window, rows: series.trainRows)
        let outcome = model.fit(data: windows, condition: condition, config: config) { record in
            reporter.epochFinished(record)
            return true
        }
        return (model, spec, windows, outcome)
    }
}

/// A loaded series: values in original units, times, and the size of its training part.
struct WindowedSeries {
    var file: String
    var values: [Double]
    /// Covariate columns (`--condition`), each one value per row.
    var conditions: [[Double]]
    var time: TimeAxis?
    var target: String
    var timeName: String?
    var trainRows: Int

    /// Mean and (population) standard deviation of the training rows (1 when constant).
    var trainingScaling: (offset: Double, scale: Double) { Self.scaling(values[..<trainRows]) }

    /// Mean and (population) standard deviation of `part` (1 when constant).
    static func scaling(_ part: ArraySlice<Double>) -> (offset: Double, scale: Double) {
        let mean = part.reduce(0, +) / Double(part.count)
        let variance = part.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(part.count)
        return (mean, variance > 0 ? variance.squareRoot() : 1)
    }

    /// The covariates of the windows of `length` over the first `rows` rows: each
    /// window's covariate is the value of each condition column at its last row, scaled
    /// on the training rows; `[windows, C]`, or `nil` without conditions.
    func windowConditions(length: Int, rows: Int) -> Tensor? {
        guard !conditions.isEmpty else { return nil }
        let scalings = conditions.map { Self.scaling($0[..<trainRows]) }
        let count = rows - length + 1
        var scalars: [Float] = []
        for start in 0..<count {
            for (column, scaling) in zip(conditions, scalings) {
                scalars.append(Float((column[start + length - 1] - scaling.offset) / scaling.scale))
            }
        }
        return Tensor(shape: [count, conditions.count], scalars: scalars)
    }

    /// The x value of `row` (its time, or the row index).
    func x(_ row: Int) -> Double { time?.values[row] ?? Double(row) }

    /// The time cell of `row` as written in CSV output.
    func timeText(_ row: Int) -> String { time.map { $0.format($0.values[row]) } ?? String(row) }
}
