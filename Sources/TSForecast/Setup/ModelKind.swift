/// The forecasting model families; each one's network and input layout come from its
/// `architecture` (`ForecastArchitecture`).
///
/// - `lstm`, `gru`, `rnn`: a recurrent network over the input sequence
///   `x(k) = [y(k−1), u₁(k−nk), …]` with a linear head on every step.
/// - `narx`: a feed-forward network (tanh MLP) over the NARX regressor
///   `[y(k−1) … y(k−na), u(k−nk) … u(k−nk−nb+1) per input]` (NARX identification).
/// - `mlp`: the same feed-forward network over the target's lags only (exogenous
///   inputs ignored).
/// - `cnn`: a temporal convolutional network (causal dilated convolutions with residual
///   connections) over the last `lags` rows of the target and every input.
public enum ModelKind: String, Codable, CaseIterable, Sendable {
    /// Long short-term memory cells.
    case lstm
    /// Gated recurrent units.
    case gru
    /// Elman (tanh) recurrent cells.
    case rnn
    /// A tanh MLP over the NARX regressor (target and input lags).
    case narx
    /// A tanh MLP over the target's lags.
    case mlp
    /// A temporal convolutional network.
    case cnn

    /// Whether the model is recurrent (trained by back-propagation through time).
    public var isRecurrent: Bool { self == .lstm || self == .gru || self == .rnn }
}

/// The training loss.
///
/// - `mse`: mean squared error over the steps the loss uses.
/// - `gaussian`: Gaussian negative log-likelihood with a learned per-output
///   log-variance `s`: `½(s + (y − ŷ)²·e^{−s})` averaged; gives prediction intervals.
/// - `quantile`: the pinball loss of the quantiles `ForecastSetup.quantiles` (`QuantileLoss`):
///   the network emits `Q` quantiles per predicted value, sorted at output.
public enum LossKind: String, Codable, CaseIterable, Sendable {
    /// Mean squared error.
    case mse
    /// Gaussian negative log-likelihood with a learned log-variance.
    case gaussian
    /// The pinball loss of `ForecastSetup.quantiles`.
    case quantile

    /// Whether the loss gives predictive intervals (`gaussian`, `quantile`), which
    /// evaluation scores (`IntervalScores`).
    public var isProbabilistic: Bool { self != .mse }
}

/// The training objective of feed-forward NARX models (Narendra & Parthasarathy).
///
/// - `oneStep`: series-parallel (teacher forcing): every regressor holds measured outputs.
/// - `simulation`: parallel: over L-step sub-sequences the network's own predictions
///   replace the measured outputs in later regressors, and the loss is back-propagated
///   through that loop.
public enum Objective: String, Codable, CaseIterable, Sendable {
    /// Teacher forcing: every input holds measured values.
    case oneStep = "one-step"
    /// Free-run sub-sequences: the model's own predictions feed its later inputs.
    case simulation
}
