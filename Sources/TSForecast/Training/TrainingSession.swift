import TSTraining

/// A training run in the background whose progress is an `AsyncSequence`: `events`
/// yields one `EpochRecord` per finished epoch and ends when training ends; `run` is the
/// trained model with its report.
///
/// ```swift
/// let session = TrainingSession(series: series, setup: setup)
/// for await record in session.events { print(record.epoch, record.trainLoss) }
/// let run = try await session.run
/// ```
///
/// Stopping keeps the best epoch's weights (as `ForecastPipeline.train` does when its
/// `progress` returns `false`): training stops after the current epoch when the task
/// iterating `events` is cancelled (or drops the sequence before its end), when the task
/// awaiting `run` is cancelled, or on `stop()`. `run` then holds the epochs run so far.
///
/// Training occupies one thread of the cooperative pool for its duration (a detached
/// task); `events` buffers every record, so a slow consumer never slows training down.
public final class TrainingSession: Sendable {
    /// Each finished epoch's record, in order; ends after the last epoch run.
    public let events: AsyncStream<EpochRecord>
    private let training: Task<TrainingRun, any Error>

    /// Starts training on `series` as `setup` asks (see
    /// `ForecastPipeline.train(series:setup:progress:checkpoints:)`).
    public init(series: LoadedSeries, setup: ForecastSetup) {
        let (events, continuation) = AsyncStream<EpochRecord>.makeStream()
        let training = Task.detached {
            defer { continuation.finish() }
            return try ForecastPipeline.train(series: series, setup: setup) { record in
                continuation.yield(record)
                return true
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { training.cancel() }
        }
        self.events = events
        self.training = training
    }

    /// The trained model, its outcome and report, once training has ended.
    ///
    /// - Throws: what `ForecastPipeline.train(series:setup:progress:checkpoints:)` throws.
    public var run: TrainingRun {
        get async throws {
            try await withTaskCancellationHandler { try await training.value } onCancel: { training.cancel() }
        }
    }

    /// Asks training to stop after the current epoch, keeping the best epoch's weights.
    public func stop() { training.cancel() }
}
