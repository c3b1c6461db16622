/// When a `Trainer` saves checkpoints and what it does with them.
///
/// A checkpoint is taken at the end of an epoch that is due (every `N` epochs, or the
/// first epoch ending `S` seconds or more after the previous checkpoint or the start) and
/// after which training goes on: none after the last epoch, an early stop or a stop
/// requested by `progress`. Timing decides only *when* a checkpoint is written, never what
/// is trained, so a run resumed from any of them ends with the same weights.
public struct Checkpointing {
    /// How often checkpoints are due.
    public enum Interval: Sendable, Equatable {
        /// Every `n` epochs (`n ≥ 1`).
        case epochs(Int)
        /// At the end of the first epoch `s` seconds or more after the previous checkpoint.
        case seconds(Double)
    }

    /// How often.
    public var interval: Interval
    /// The caller's description of the run, stored in every checkpoint
    /// (`TrainingCheckpoint.setup`).
    public var setup: String
    /// Stores one checkpoint (e.g. `TrainingCheckpoint.write(to:)`); return `false` to stop
    /// training after this epoch (the write failed; the caller keeps the reason).
    public var save: (TrainingCheckpoint) -> Bool

    public init(interval: Interval, setup: String, save: @escaping (TrainingCheckpoint) -> Bool) {
        self.interval = interval
        self.setup = setup
        self.save = save
    }
}

/// Counts epochs and time since the last checkpoint of one run.
struct CheckpointClock {
    let interval: Checkpointing.Interval
    private var epochs = 0
    private var since = ContinuousClock.now

    init(interval: Checkpointing.Interval) { self.interval = interval }

    /// Ends an epoch: whether a checkpoint is due now (and if so, restarts the count).
    mutating func isDue() -> Bool {
        epochs += 1
        let due: Bool
        switch interval {
        case .epochs(let n): due = epochs >= n
        case .seconds(let s): due = ContinuousClock.now - since >= .milliseconds(Int64((s * 1000).rounded()))
        }
        if due { (epochs, since) = (0, ContinuousClock.now) }
        return due
    }
}
