extension ForecastSetup {
    /// Checks every setting's range and the combinations the pipeline cannot run, before
    /// any data is read; `ForecastPipeline.train` calls it, so library callers get a thrown
    /// `SetupError` where the windowing code would otherwise trap.
    ///
    /// Rules: `lags`, `inputLags`, `horizon`, `hidden`, `layers`, `training.epochs`,
    /// `training.batchSize`, `ensemble` ≥ 1; `inputDelay` ≥ 0; `training.learningRate` > 0; `dropout`
    /// in [0, 1); the validation and test fractions in [0, 1) with at least 10 % left for
    /// training; `testHorizon` ≥ 1; `subsequence` ≥ 2; `washout` in `0..<window` (`subsequence`, else `lags`);
    /// `seasonalLags` each ≥ 2 and distinct, `seasonalDepth` ≥ 1 with `seasonalDepth·m` at
    /// most 10⁶; a `calendar` list without repeats; `difference` ≤ 2; `season` ≥ 2, and given when `seasonalDifference`; with the
    /// `quantile` loss, `quantiles` non-empty, strictly increasing and in (0, 1), and the
    /// one-step objective; `decoder` seq2seq only for recurrent models; then the model
    /// family's own rules (`ForecastArchitecture.validate`: the simulation objective only
    /// for the feed-forward ones with `horizon` 1; recurrent: `stateful` needs `subsequence` and
    /// `horizon` 1, seq2seq takes no `subsequence` and seasonal lags of at least `horizon`;
    /// cnn: `kernelSize` ≥ 2, `layers` and `inputLags` left at 1).
    public func validate() throws(SetupError) {
        func atLeast(_ bound: Int, _ value: Int, _ setting: SetupError.Setting) throws(SetupError) {
            if value < bound { throw SetupError(setting, "\(setting) must be at least \(bound), got \(value)") }
        }
        try atLeast(1, lags, .lags)
        try atLeast(1, inputLags, .inputLags)
        try atLeast(1, horizon, .horizon)
        try atLeast(1, hidden, .hidden)
        try atLeast(1, layers, .layers)
        try atLeast(1, training.epochs, .epochs)
        try atLeast(1, training.batchSize, .batchSize)
        try atLeast(1, ensemble, .ensemble)
        if inputDelay < 0 { throw SetupError(.inputDelay, "\(.inputDelay) must be 0 or more, got \(inputDelay)") }
        if !(training.learningRate > 0) {
            throw SetupError(.learningRate, "\(.learningRate) must be positive, got \(training.learningRate)")
        }
        if !(0..<1).contains(dropout) { throw SetupError(.dropout, "\(.dropout) must be in [0, 1), got \(dropout)") }
        if !(0..<1).contains(validationFraction) || !(0..<1).contains(testFraction) || validationFraction + testFraction >= 0.9 {
            throw SetupError(
                .validationFraction,
                "\(.validationFraction) and \(.testFraction) must be fractions in [0, 1) leaving at least 10% for training, got \(validationFraction) and \(testFraction)")
        }
        if let testHorizon { try atLeast(1, testHorizon, .testHorizon) }
        if let subsequence { try atLeast(2, subsequence, .subsequence) }
        let window = subsequence ?? lags
        if washout < 0 || washout >= window {
            throw SetupError(.washout, "\(.washout) must be in 0..<\(window) (the window length), got \(washout)")
        }
        if stateful && !model.isRecurrent { throw SetupError(.stateful, "\(.stateful) needs \(.model) lstm, gru or rnn") }
        try validateSeasonalInputs()
        if difference < 0 || difference > 2 { throw SetupError(.difference, "\(.difference) must be 0, 1 or 2, got \(difference)") }
        if let season { try atLeast(2, season, .season) }
        if seasonalDifference && season == nil { throw SetupError(.seasonalDifference, "\(.seasonalDifference) needs \(.season)") }
        if loss == .quantile {
            let increasing = zip(quantiles, quantiles.dropFirst()).allSatisfy { $0 < $1 }
            if quantiles.isEmpty || !increasing || !quantiles.allSatisfy({ $0 > 0 && $0 < 1 }) {
                let given: String = quantiles.map { "\($0)" }.joined(separator: ",")
                throw SetupError(.quantiles, "\(.quantiles) must be one or more strictly increasing levels in (0, 1), got \(given)")
            }
            if objective == .simulation {
                throw SetupError(.objective, "\(.objective) simulation feeds back one prediction per step; it does not train the quantile loss")
            }
        }
        if decoder == .seq2seq && !model.isRecurrent {
            throw SetupError(.decoder, "\(.decoder) seq2seq needs \(.model) lstm, gru or rnn")
        }
        try model.architecture.validate(self)
    }

    private func validateSeasonalInputs() throws(SetupError) {
        if seasonalDepth < 1 { throw SetupError(.seasonalDepth, "\(.seasonalDepth) must be at least 1, got \(seasonalDepth)") }
        let given = seasonalLags.map(String.init).joined(separator: ",")
        if let m = seasonalLags.first(where: { $0 < 2 }) {
            throw SetupError(.seasonalLags, "\(.seasonalLags) periods must be at least 2 (1 is the ordinary lag), got \(m) in \(given)")
        }
        if Set(seasonalLags).count != seasonalLags.count {
            throw SetupError(.seasonalLags, "\(.seasonalLags) lists a period twice: \(given)")
        }
        if let m = seasonalLags.first(where: { $0 > 1_000_000 / seasonalDepth }) {
            throw SetupError(.seasonalDepth, "\(.seasonalDepth) \(seasonalDepth) × period \(m) reaches more than 10⁶ rows back")
        }
        if case .features(let list) = calendar, Set(list).count != list.count {
            throw SetupError(.calendar, "\(.calendar) lists a feature twice: \(calendar.description)")
        }
    }
}
