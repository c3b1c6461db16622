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

    /// Saves a checkpoint every `interval`, describing the run by `setup`, through `save`.
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

/// What one run does about checkpoints: save them (`checkpointing`), continue from one
/// (`resume`, with the file it was read from), or both.
public struct CheckpointPlan {
    /// When and how to save checkpoints.
    public var checkpointing: Checkpointing?
    /// The checkpoint to continue from and its file (named in errors).
    public var resume: (checkpoint: TrainingCheckpoint, file: String)?

    /// A plan that saves with `checkpointing` (or never) and continues from `resume` (or starts anew).
    public init(checkpointing: Checkpointing?, resume: (checkpoint: TrainingCheckpoint, file: String)?) {
        self.checkpointing = checkpointing
        self.resume = resume
    }
}

extension Trainer {
    /// `fit(task)`, saving checkpoints and continuing from one as `plan` says (`nil`: neither).
    ///
    /// - Throws: `CheckpointError` from `fit(_:resumingFrom:file:)`.
    public func fit(_ task: TrainingTask, plan: CheckpointPlan?) throws(CheckpointError) -> TrainingOutcome {
        var trainer = self
        trainer.checkpointing = plan?.checkpointing ?? checkpointing
        guard let resume = plan?.resume else { return trainer.fit(task) }
        return try trainer.fit(task, resumingFrom: resume.checkpoint, file: resume.file)
    }
}
