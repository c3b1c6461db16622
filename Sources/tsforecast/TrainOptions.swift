import ArgumentParser
import TSData
import TSForecast
import TSSupport
import TSTensor
import TSTraining

extension ModelKind: ExpressibleByArgument {}
extension LossKind: ExpressibleByArgument {}
extension Objective: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension ScalerKind: ExpressibleByArgument {}
extension MissingValuePolicy: ExpressibleByArgument {}

/// The flags that define a training run, shared by `train`, `backtest` and `batch`.
struct TrainOptions: ParsableArguments {
    @Option(help: "Target column (default: the only numeric column besides the time column).")
    var target: String?
    @Option(help: "Exogenous input columns, comma-separated (e.g. u1,u2).")
    var inputs: String?
    @Option(help: "Time column (default: a first column holding dates).")
    var time: String?
    @Option(help: "Model family.")
    var model: ModelKind = .lstm
    @Option(help: "Past target values per window (NARX order na; context length of recurrent models).")
    var lags = 10
    @Option(name: .customLong("input-lags"), help: "Past values of each input (NARX order nb).")
    var inputLags = 1
    @Option(name: .customLong("input-delay"), help: "Input delay nk (0 = u(k) feeds through).")
    var inputDelay = 0
    @Option(help: "Values predicted at once (direct multi-horizon output).")
    var horizon = 1
    @Option(name: [.long, .customLong("channels")], help: "Hidden units per layer (cnn: channels per convolution; --channels is the same flag).")
    var hidden = 32
    @Option(help: "Recurrent layers, or hidden layers of a feed-forward model.")
    var layers = 1
    @Option(help: "Dropout probability between layers.")
    var dropout: Float = 0
    @Option(name: .customLong("kernel-size"), help: "Taps per convolution of a cnn; its dilations 1, 2, 4, … grow until the receptive field covers --lags.")
    var kernelSize = 3
    @Option(help: "Maximum epochs.")
    var epochs = 100
    @Option(name: .customLong("batch-size"), help: "Windows per gradient step.")
    var batchSize = 32
    @Option(help: "Learning rate.")
    var lr: Float = 1e-3
    @Option(help: "Optimizer: adam, adamw or sgd.")
    var optimizer: OptimizerKind = .adam
    @Option(name: .customLong("weight-decay"), help: "L2 penalty (decoupled for adamw).")
    var weightDecay: Float = 0
    @Option(help: "Clip the global gradient norm to this value (0 disables).")
    var clip: Float = 1
    @Option(help: "Stop after this many epochs without validation improvement (0 disables).")
    var patience = 20
    @Option(help: "Random seed (initialisation, shuffling, dropout).")
    var seed: UInt64 = 0
    @Option(help: "Validation fraction of the target rows.")
    var val = 0.15
    @Option(help: "Test fraction of the target rows.")
    var test = 0.15
    @Option(name: .customLong("test-horizon"), help: "Test on the last H rows of each series and validate on the H before them (replaces --val/--test).")
    var testHorizon: Int?
    @Option(help: "Train recurrent models on L-step sub-sequences.")
    var subsequence: Int?
    @Option(help: "Outputs at the start of each sub-sequence left out of the loss.")
    var washout = 0
    @Option(help: "NARX objective: one-step or simulation.")
    var objective: Objective = .oneStep
    @Option(help: "Loss: mse, gaussian (95% prediction intervals) or quantile (the pinball loss of --quantiles).")
    var loss: LossKind = .mse
    @Option(help: ArgumentHelp(
        "Quantile levels of --loss quantile, comma-separated, strictly increasing in (0, 1) (default: 0.1,0.5,0.9).",
        discussion: "The network predicts one value per level, sorted at output so they never cross; the point forecast is the 0.5 quantile when listed, else the mean of the quantiles. forecast writes a column q<level> per level; evaluate and train score the outermost central interval (coverage, width, interval score) and the mean pinball loss."))
    var quantiles: String?
    @Option(help: "Scaling fitted on the training part.")
    var scale: ScalerKind = .zScore
    @Flag(help: "Model log(y) (values must be positive).")
    var log = false
    @Option(help: "Order of differencing.")
    var diff = 0
    @Option(help: "Seasonal period m (seasonal naive baseline, MASE).")
    var season: Int?
    @Flag(name: .customLong("seasonal-diff"), help: "Difference at the seasonal period (needs --season).")
    var seasonalDiff = false
    @Option(help: "What to do with missing values. Filled target values are not scored (metrics report filled_skipped).")
    var missing: MissingValuePolicy = .error
    @Option(help: ArgumentHelp(
        "Threads for training (default: the online cores).",
        discussion: "A recurrent batch is split into this many row chunks, and large matrix products and convolutions into this many parts (at most one per core; OpenBLAS itself stays single-threaded). The same seed gives the same model at the same thread count on machines with at least that many cores, the same kernel path and the same OpenBLAS build (README: Reproducibility)."))
    var threads: Int?

    /// Flag-level checks; the setup's own rules come from the library
    /// (`ForecastSetup.validate`), rendered with flag names, so a bad combination is a
    /// usage error (exit 64).
    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if quantiles != nil && loss != .quantile { throw ValidationError("--quantiles needs --loss quantile") }
        if let quantiles, quantileLevels == nil {
            throw ValidationError("--quantiles must be comma-separated numbers (e.g. 0.1,0.5,0.9), got '\(quantiles)'")
        }
        do {
            try setup.validate()
        } catch {
            throw ValidationError(error.message(naming: \.flag))
        }
    }

    /// The levels of `--quantiles`, `nil` when the flag is absent or not a list of numbers.
    var quantileLevels: [Double]? {
        guard let quantiles else { return nil }
        let levels = quantiles.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingBlanks()) }
        return levels.contains(nil) ? nil : levels.compactMap { $0 }
    }

    /// The library's description of this run.
    var setup: ForecastSetup {
        var s = ForecastSetup()
        s.target = target
        s.inputs = model == .mlp ? [] : (inputs ?? "").split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
        s.timeColumn = time
        s.missing = missing
        s.lags = lags
        s.inputLags = inputLags
        s.inputDelay = inputDelay
        s.horizon = horizon
        s.subsequence = subsequence
        s.washout = washout
        s.objective = objective
        s.model = model
        s.hidden = hidden
        s.layers = layers
        s.dropout = dropout
        s.kernelSize = kernelSize
        s.loss = loss
        if let quantileLevels { s.quantiles = quantileLevels }
        s.scale = scale
        s.log = log
        s.difference = diff
        s.season = season
        s.seasonalDifference = seasonalDiff
        s.validationFraction = val
        s.testFraction = test
        s.testHorizon = testHorizon
        s.training.epochs = epochs
        s.training.batchSize = batchSize
        s.training.learningRate = lr
        s.training.optimizer = optimizer
        s.training.weightDecay = weightDecay
        s.training.clipNorm = clip
        s.training.patience = patience
        s.training.seed = seed
        // `validate()` has rejected counts below 1.
        if let threads, let count = try? ComputeThreads(count: threads) { s.training.threads = count }
        return s
    }
}
