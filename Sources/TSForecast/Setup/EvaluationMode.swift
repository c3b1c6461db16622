/// How predictions over a range are made.
///
/// - `oneStep`: every prediction `ŷ(k)` reads measured values up to `k−1`.
/// - `simulation`: free run from the start of the range: the model's own predictions
///   replace the measured target in later inputs; exogenous inputs stay measured
///   (sysidentpy's and deepSI's "simulation").
public enum EvaluationMode: String, Codable, CaseIterable, Sendable {
    /// Every prediction reads measured values only.
    case oneStep = "one-step"
    /// A free run on the model's own predictions.
    case simulation
}

/// The training window of a rolling-origin backtest.
///
/// - `expanding`: each fold trains on every row before its test block.
/// - `sliding`: each fold trains on a window of fixed length (the first fold's) ending
///   at its test block.
public enum BacktestWindow: String, Codable, CaseIterable, Sendable {
    /// Every row before the test block.
    case expanding
    /// A fixed-length window ending at the test block.
    case sliding
}
