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
extension DecoderKind: ExpressibleByArgument {}
extension MissingValuePolicy: ExpressibleByArgument {}
extension EnsembleCombine: ExpressibleByArgument {}

/// The flags that define a training run, shared by `train`, `backtest` and `batch`.
struct TrainOptions: ParsableArguments {
    @Option(help: "Target column (default: the only numeric column besides the time column).")
    var target: String?
    @Option(help: "Exogenous input columns, comma-separated (e.g. u1,u2).")
    var inputs: String?
    @Option(help: "Time column (default: a first column holding dates).")
    var time: String?
    @Option(name: .customLong("seasonal-lags"), help: ArgumentHelp(
        "Seasonal periods m, comma-separated (e.g. 168,24): each adds the inputs y(k−m) … y(k−N·m), N = --seasonal-depth.",
        discussion: "narx/mlp: extra regressor entries; lstm/gru/rnn: extra step features y(r−m); cnn: extra channels. Windows need N·max(m) rows of history, so the first rows are not trained on; forecasts past m steps read the fed-back predictions."))
    var seasonalLags: String?
    @Option(name: .customLong("seasonal-depth"), help: "Lags N of each --seasonal-lags period: y(k−m), y(k−2m), …, y(k−N·m).")
    var seasonalDepth = 1
    @Option(help: ArgumentHelp(
        "Calendar features of each row's time as sin/cos pairs: auto, or a list of hour, weekday, yearday, month.",
        discussion: "auto follows the time step: below a day hour,weekday; a day up to a week weekday,yearday; a week up to 28 days yearday; longer (months) month. Times are UTC; future rows' times follow the time step. Needs a date or date-time time column."))
    var calendar: String?
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
    @Option(help: ArgumentHelp(
        "How a recurrent model emits its --horizon values: mimo or seq2seq.",
        discussion: "mimo: a linear head on the last state emits all H values. seq2seq: an encoder runs over the --lags window, a decoder of the same kind runs H steps from its final state on the known future inputs of those rows (target slot 0; zeros when there are no inputs), and a linear head reads each decoder step."))
    var decoder: DecoderKind = .mimo
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
    @Option(name: .customLong("lr-plateau"), help: "Halve the learning rate after this many epochs without validation improvement (0, the default, disables).")
    var lrPlateau = 0
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
    @Flag(help: ArgumentHelp(
        "Stateful sub-sequences (lstm/gru/rnn with --subsequence L): carry the state from chunk to chunk.",
        discussion: "The training part is cut into up to --batch-size lanes (each at least 4 chunks long when the series allows) walked in order in non-overlapping L-step chunks; batch t holds chunk t of every lane and starts from the detached final state of batch t-1 (zero at each epoch start and after a gap; --washout steps after each reset are left out of the loss). Batches come in order, not shuffled. Validation and forecasts warm the state up over the whole history before the rows they predict."))
    var stateful = false
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
    @Option(help: "Order of differencing: 0, 1, 2, or auto (1 when the training part fails the KPSS level-stationarity test at 1 %, else 0).")
    var diff: DifferenceOption = .auto
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
    @Option(help: ArgumentHelp(
        "Train this many networks (seeds --seed, --seed + 1, …) and combine their forecasts.",
        discussion: "The model file holds every member. With --threads T, min(N, T) members train at once with T / min(N, T) threads each; member i is the model `--seed S+i` would train at that thread count. Not available with checkpoints."))
    var ensemble = 1
    @Option(name: .customLong("ensemble-combine"), help: "How the members' forecasts are combined per step: mean or median (quantiles: level by level, then sorted; Gaussian intervals: the members' distributions pooled).")
    var ensembleCombine: EnsembleCombine = .mean

    /// Flag-level checks; the setup's own rules come from the library
    /// (`ForecastSetup.validate`), rendered with flag names, so a bad combination is a
    /// usage error (exit 64).
    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if quantiles != nil && loss != .quantile { throw ValidationError("--quantiles needs --loss quantile") }
        if let seasonalLags, seasonalPeriods == nil {
            throw ValidationError("--seasonal-lags must be comma-separated whole numbers (e.g. 168,24), got '\(seasonalLags)'")
        }
        if let calendar, calendarSelection == nil {
            throw ValidationError("--calendar must be auto or a comma-separated list of \(CalendarFeature.allCases.map(\.rawValue).joined(separator: ", ")), got '\(calendar)'")
        }
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

    /// The periods of `--seasonal-lags` (empty without the flag), `nil` when it is not a
    /// list of whole numbers.
    var seasonalPeriods: [Int]? {
        guard let seasonalLags else { return [] }
        let periods = seasonalLags.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingBlanks()) }
        return periods.contains(nil) ? nil : periods.compactMap { $0 }
    }

    /// `--calendar` as a selection (`.none` without the flag), `nil` for an unknown name.
    var calendarSelection: CalendarSelection? {
        guard let calendar else { return CalendarSelection.none }
        let names = calendar.split(separator: ",").map { $0.trimmingBlanks() }
        if names == ["auto"] { return .auto }
        if names == ["none"] { return CalendarSelection.none }
        let features = names.map { CalendarFeature(rawValue: $0) }
        return features.contains(nil) || features.isEmpty ? nil : .features(features.compactMap { $0 })
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
        s.decoder = decoder
        s.subsequence = subsequence
        s.washout = washout
        s.stateful = stateful
        s.objective = objective
        s.seasonalLags = seasonalPeriods ?? []
        s.seasonalDepth = seasonalDepth
        s.calendar = calendarSelection ?? .none
        s.model = model
        s.hidden = hidden
        s.layers = layers
        s.dropout = dropout
        s.kernelSize = kernelSize
        s.loss = loss
        if let quantileLevels { s.quantiles = quantileLevels }
        s.scale = scale
        s.log = log
        switch diff {
        case .auto: s.autoDifference = true
        case .order(let order): s.difference = order
        }
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
        s.training.plateauPatience = lrPlateau
        s.training.seed = seed
        s.ensemble = ensemble
        s.ensembleCombine = ensembleCombine
        // `validate()` has rejected counts below 1.
        if let threads, let count = try? ComputeThreads(count: threads) { s.training.threads = count }
        return s
    }
}

/// `--diff`: an order of differencing, or `auto` (`ForecastSetup.autoDifference`).
enum DifferenceOption: ExpressibleByArgument, Equatable {
    /// Chosen from the training part.
    case auto
    /// A fixed order.
    case order(Int)

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let order = Int(argument) {
            self = .order(order)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { "auto" }
}
