/// How a training run ended.
public struct TrainingOutcome: Sendable {
    /// Per-epoch history, in order.
    public var history: [EpochRecord]
    /// The epoch whose weights were kept (best validation loss, or the last epoch).
    public var bestEpoch: Int
    /// The monitored loss of `bestEpoch`.
    public var bestLoss: Double
    /// Set when training stopped because a loss or gradient became NaN/Inf; the best
    /// weights seen before are restored.
    public var failure: TrainingFailure?
    /// True when early stopping ended the run.
    public var stoppedEarly: Bool
}

/// Training stopped on a non-finite loss or gradient norm.
public struct TrainingFailure: Error, Sendable, CustomStringConvertible {
    /// The epoch (from 1) in which it happened.
    public var epoch: Int
    /// The batch (from 1) in which it happened.
    public var batch: Int
    /// What became non-finite (`the training loss`, `the gradient norm`, a stepping
    /// task's loss name).
    public var what: String
    public var description: String {
        "training diverged: \(what) became NaN/Inf at epoch \(epoch), batch \(batch); kept the best weights so far"
    }
}
