import TSData
import TSTraining

/// Everything one training run needs besides the data: which columns, how the series is
/// prepared and windowed, the network and the optimisation. `tsforecast train` builds it
/// from flags; `tsforecast batch` applies one to many files. Stored in model files.
public struct ForecastSetup: Codable, Sendable, Equatable {
    // Columns
    /// Target column; `nil` picks the only numeric column besides the time column.
    public var target: String?
    /// Exogenous input columns `u₁…`.
    public var inputs: [String] = []
    /// Time column; `nil` uses a first column that parses as dates, if any.
    public var timeColumn: String?
    /// Series-id column of a long-format file (id, time, target, inputs: many series in one
    /// file, named by their id); only global models (`GlobalPipeline`) read it.
    public var idColumn: String?
    /// What to do with missing values (JSON: `error`, `interpolate`, `ffill` or `drop`).
    public var missing: MissingValuePolicy = .error

    // Windows (seed 001's NARX orders and sub-sequences)
    /// Past targets `na` in each regressor; the context length of recurrent models.
    public var lags = 10
    /// Past values `nb` of each input (`u(k−nk) … u(k−nk−nb+1)`).
    public var inputLags = 1
    /// Input delay `nk` (0 = feed-through of `u(k)`).
    public var inputDelay = 0
    /// Values predicted at once (`O`, direct multi-horizon); 1 = one-step model.
    public var horizon = 1
    /// How a recurrent model emits its `horizon` values (a head on the last state, or an
    /// encoder-decoder over the known future inputs).
    public var decoder: DecoderKind = .mimo
    /// Recurrent training on L-step sub-sequences instead of `lags`-step windows.
    public var subsequence: Int?
    /// Outputs at the start of each sub-sequence left out of the loss.
    public var washout = 0
    /// Stateful sub-sequences (recurrent models with `subsequence`): consecutive chunks of
    /// each series carry the final state forward, detached (`StatefulTask`), and forecasts
    /// warm the state up over the whole history. Model files without the key decode `false`.
    public var stateful = false
    /// What training minimises: one-step errors or a free run's (feed-forward models).
    public var objective: Objective = .oneStep
    /// Seasonal periods `m₁, m₂, …` (each ≥ 2) whose lags join the inputs: with depth `N`
    /// (`seasonalDepth`), `y(k−m), y(k−2m), …, y(k−N·m)` for each `m` (`seasonalOffsets`),
    /// as extra regressor entries (narx, mlp), extra step features `y(r−m)…` (lstm, gru,
    /// rnn) or extra channels `y(k−m−t)`, `t < lags` (cnn). Windows need `N·max m` rows of
    /// history, so the first rows of each segment are not trained on.
    public var seasonalLags: [Int] = []
    /// Lags `N` (≥ 1) of each seasonal period.
    public var seasonalDepth = 1
    /// Calendar features of each row's own time, as `(sin 2πφ, cos 2πφ)` pairs
    /// (`CalendarFeature`): none, `auto` (from the time step, resolved when training) or a
    /// list. Needs a date or date-time time column.
    public var calendar: CalendarSelection = .none

    // Network
    /// The model family.
    public var model: ModelKind = .lstm
    /// Hidden units per layer (`cnn`: channels per convolution).
    public var hidden = 32
    /// Recurrent layers, or hidden layers of a feed-forward model.
    public var layers = 1
    /// Dropout probability between layers (training only).
    public var dropout: Float = 0
    /// Taps per convolution of the `cnn` family (`k`).
    public var kernelSize = 3
    /// The training loss.
    public var loss: LossKind = .mse
    /// The quantile levels of the `quantile` loss: strictly increasing, each in (0, 1);
    /// unused by the other losses.
    public var quantiles: [Double] = [0.1, 0.5, 0.9]

    // Transforms, fitted on the training part only
    /// The scaler fitted on the training part (JSON: `zscore`, `minmax` or `none`).
    public var scale: ScalerKind = .zScore
    /// Model `log y` instead of `y` (the target must be positive).
    public var log = false
    /// Order of ordinary differencing `d`.
    public var difference = 0
    /// Choose `difference` (0 or 1) from the training part when training
    /// (`DifferenceSelection`: the KPSS test at 1 %); a trained model stores the order
    /// chosen and `false` here. Off by default in the library; the command's `--diff`
    /// defaults to `auto`.
    public var autoDifference = false
    /// Seasonal period `m`: seasonal naive baseline, MASE scale; with
    /// `seasonalDifference`, the period differenced.
    public var season: Int?
    /// Difference at lag `season` before any ordinary differencing.
    public var seasonalDifference = false

    // Evaluation split (fractions of target rows)
    /// The validation share of the target rows (0: no validation, no early stopping).
    public var validationFraction = 0.15
    /// The test share of the target rows.
    public var testFraction = 0.15
    /// With a value H: the last H rows of each series are its test part and the H before
    /// them its validation part (the fractions are then unused), the usual protocol for
    /// many short series.
    public var testHorizon: Int?

    /// Epochs, batches, optimizer, schedule, early stopping, seed and threads.
    public var training = TrainingConfig()

    // Ensemble
    /// Networks trained (`N` ≥ 1): member `i` is trained with seed `training.seed + i`,
    /// the rest of the setup unchanged; forecasts combine the members' (`ensembleCombine`).
    public var ensemble = 1
    /// How the members' forecasts are combined (JSON: `mean` or `median`).
    public var ensembleCombine: EnsembleCombine = .mean

    /// The defaults (LSTM, 10 lags, 32 units, 70/15/15 split, z-score scaling).
    public init() {}
}

extension ForecastSetup {
    /// `quantiles` when the loss is `quantile`, else `nil` (what `NetworkSpec.quantiles` holds).
    public var quantileLevels: [Double]? { loss == .quantile ? quantiles : nil }

    /// The target lags the seasonal settings add, in feature order: `i·m` for each period
    /// `m` of `seasonalLags` and `i = 1…seasonalDepth`, each offset once
    /// (`[24, 168]`, depth 2 → `[24, 48, 168, 336]`).
    public var seasonalOffsets: [Int] {
        var offsets: [Int] = []
        for m in seasonalLags {
            for i in 1...max(1, seasonalDepth) where !offsets.contains(i * m) { offsets.append(i * m) }
        }
        return offsets
    }

    /// The seasonal block of a layout whose derived series have `steps` values each (1, or
    /// a cnn's `lags`), `nil` without seasonal lags or calendar features. `calendar` must be
    /// resolved (not `auto`: training resolves it from the series' time axis).
    public func seasonalInputs(steps: Int = 1) -> SeasonalInputs? {
        let features: [CalendarFeature]
        switch calendar {
        case .none: features = []
        case .features(let list): features = list
        case .auto: preconditionFailure("ForecastSetup.seasonalInputs: calendar 'auto' must be resolved from the time axis first")
        }
        let offsets = seasonalOffsets
        return offsets.isEmpty && features.isEmpty ? nil : SeasonalInputs(lags: offsets, calendar: features, steps: steps)
    }

    /// The chronological split by fractions of the target rows: train `1 − val − test`,
    /// then validation, then test; with `testHorizon = H`, the last H rows are the test
    /// part and the H before them the validation part (none when `validationFraction` is 0).
    public var splitRule: SplitRule {
        if let h = testHorizon { return .counts(validation: validationFraction > 0 ? h : 0, test: h) }
        return .fractions(train: 1 - validationFraction - testFraction, validation: validationFraction, test: testFraction)
    }

    /// Decodes a setup; a missing key keeps its default, so model files written by other
    /// tools (or older versions) need only the keys they change. An unknown value of an
    /// enumerated setting (`"scale": "robust"`) is a `DecodingError`.
    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.update(&target, forKey: .target)
        try container.update(&inputs, forKey: .inputs)
        try container.update(&timeColumn, forKey: .timeColumn)
        try container.update(&idColumn, forKey: .idColumn)
        try container.update(&missing, forKey: .missing)
        try container.update(&lags, forKey: .lags)
        try container.update(&inputLags, forKey: .inputLags)
        try container.update(&inputDelay, forKey: .inputDelay)
        try container.update(&horizon, forKey: .horizon)
        try container.update(&self.decoder, forKey: .decoder)
        try container.update(&subsequence, forKey: .subsequence)
        try container.update(&washout, forKey: .washout)
        try container.update(&stateful, forKey: .stateful)
        try container.update(&objective, forKey: .objective)
        try container.update(&seasonalLags, forKey: .seasonalLags)
        try container.update(&seasonalDepth, forKey: .seasonalDepth)
        try container.update(&calendar, forKey: .calendar)
        try container.update(&model, forKey: .model)
        try container.update(&hidden, forKey: .hidden)
        try container.update(&layers, forKey: .layers)
        try container.update(&dropout, forKey: .dropout)
        try container.update(&kernelSize, forKey: .kernelSize)
        try container.update(&loss, forKey: .loss)
        try container.update(&quantiles, forKey: .quantiles)
        try container.update(&scale, forKey: .scale)
        try container.update(&log, forKey: .log)
        try container.update(&difference, forKey: .difference)
        try container.update(&autoDifference, forKey: .autoDifference)
        try container.update(&season, forKey: .season)
        try container.update(&seasonalDifference, forKey: .seasonalDifference)
        try container.update(&validationFraction, forKey: .validationFraction)
        try container.update(&testFraction, forKey: .testFraction)
        try container.update(&testHorizon, forKey: .testHorizon)
        try container.update(&training, forKey: .training)
        try container.update(&ensemble, forKey: .ensemble)
        try container.update(&ensembleCombine, forKey: .ensembleCombine)
    }
}
