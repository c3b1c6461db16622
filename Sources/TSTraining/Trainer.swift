import TSNN
import TSTensor

/// Fits a task by mini-batch gradient descent.
///
/// Each epoch visits the samples in a `BatchOrder` shuffled by a generator seeded from
/// `config.seed` (in order for a task with a `sequentialBatchSize`), then runs every batch:
///
/// - a `TrainingTask` (`fit(_: TrainingTask)`): zero gradients → `trainStep` → clip the
///   global gradient norm (`config.clipNorm`) → optimizer step (`config.optimizer`);
/// - a `SteppingTask` (`fit(_: SteppingTask)`): the task's own `trainStep`, optimizer
///   steps included.
///
/// After the epoch the validation loss (the training loss when there is none, for a
/// `TrainingTask`) decides early stopping (`patience`), the plateau schedule (training
/// tasks) and which weights are kept: those of the best epoch, restored at the end with
/// the buffers of that epoch (batch norm's running statistics belong to its weights). A
/// non-finite loss or gradient norm stops training with a `TrainingFailure` and restores
/// the best weights, so a diverging run never leaves NaN weights behind.
///
/// With `checkpointing`, a training task's run saves its whole state (`TrainingCheckpoint`)
/// at the end of due epochs; `fit(_:resumingFrom:file:)` continues from one and ends as the
/// uninterrupted run would, bit for bit.
public struct Trainer {
    /// The hyper-parameters.
    public var config: TrainingConfig
    /// Called after every epoch with its record; return `false` to stop.
    public var progress: ((EpochRecord) -> Bool)?
    /// When to save checkpoints and where to (`fit(_: TrainingTask)` only); `nil` saves none.
    public var checkpointing: Checkpointing?

    /// A trainer for `config`, reporting each epoch to `progress`.
    public init(config: TrainingConfig, progress: ((EpochRecord) -> Bool)? = nil) {
        self.config = config
        self.progress = progress
    }

    /// What one batch gave: the loss, or the name of what became non-finite.
    private enum BatchResult {
        case loss(Double, components: [String: Double]?)
        case nonFinite(String)
    }

    /// Trains `task` in place and reports the history.
    public func fit(_ task: TrainingTask) -> TrainingOutcome {
        train(task, optimizer: makeOptimizer(), from: nil)
    }

    /// Continues the run that saved `checkpoint` (read from `file`, named in errors):
    /// restores the weights, buffers, optimizer, schedule, generators, history and best epoch, then
    /// trains from epoch `checkpoint.epoch + 1`. The weights and history at the end are
    /// those of an uninterrupted `fit(task)` with the same configuration and threads.
    ///
    /// - Throws: `CheckpointError` when `checkpoint` was written with another configuration
    ///   (`.mismatch`) or does not fit `task`'s stores or this optimizer (`.invalid`);
    ///   `task` is untouched then.
    public func fit(_ task: TrainingTask, resumingFrom checkpoint: TrainingCheckpoint, file: String) throws(CheckpointError) -> TrainingOutcome {
        try checkpoint.check(config: config, stores: [task.store], generatorCount: task.randomGenerators.count, path: file)
        let optimizer = makeOptimizer()
        do {
            try optimizer.restore(checkpoint.optimizer)
        } catch {
            throw .invalid(path: file, reason: error.description)
        }
        task.randomGenerators = checkpoint.generators.map { words in
            var generator = RandomGenerator(seed: 0)
            generator.stateWords = words
            return generator
        }
        return train(task, optimizer: optimizer, from: checkpoint)
    }

    /// `fit` with `optimizer`, from the start or from `checkpoint` (already checked).
    private func train(_ task: TrainingTask, optimizer: StatefulOptimizer, from checkpoint: TrainingCheckpoint?) -> TrainingOutcome {
        let store = task.store
        var plateau =
            checkpoint.map(\.plateau)
            ?? (config.plateauPatience > 0 ? ReduceLROnPlateau(factor: config.plateauFactor, patience: config.plateauPatience) : nil)
        return run(
            sampleCount: task.sampleCount, sequentialBatchSize: task.sequentialBatchSize, stores: [store], learningRate: { optimizer.learningRate },
            validation: task.validationLoss, monitorsTrainingLoss: true,
            afterEpoch: { plateau?.step(metric: Float($0), optimizer: optimizer) },
            resuming: checkpoint, schedule: { (optimizer.state, plateau, task.randomGenerators.map(\.stateWords)) }
        ) { batch in
            store.zeroGradients(threads: config.threads)
            let loss = task.trainStep(indices: batch)
            let norm = clipGradientNorm(store, maxNorm: config.clipNorm > 0 ? config.clipNorm : .infinity)
            guard loss.isFinite, norm.isFinite else { return .nonFinite(loss.isFinite ? "the gradient norm" : "the training loss") }
            optimizer.step(store)
            return .loss(loss, components: nil)
        }
    }

    /// Trains a task that steps its own optimizers (see `SteppingTask`) and reports the
    /// history; `config.optimizer`, `learningRate`, `clipNorm` and the plateau schedule
    /// are the task's business and not used here.
    public func fit(_ task: SteppingTask) -> TrainingOutcome {
        precondition(checkpointing == nil, "Trainer: checkpoints cover fit(_: TrainingTask) only (a stepping task owns its optimizers)")
        return run(
            sampleCount: task.sampleCount, sequentialBatchSize: nil, stores: task.stores, learningRate: { task.optimizers.first?.learningRate ?? 0 },
            validation: task.validationLoss, monitorsTrainingLoss: false, afterEpoch: { _ in }, resuming: nil, schedule: nil
        ) { batch in
            let losses = task.trainStep(indices: batch)
            if let bad = losses.keys.sorted().first(where: { !losses[$0]!.isFinite }) { return .nonFinite("the \(bad) loss") }
            return .loss(losses.values.reduce(0, +), components: losses)
        }
    }

    /// The epoch loop both task shapes share. Without a validation loss the training loss
    /// is monitored; unless `monitorsTrainingLoss`, every finite epoch then counts as the
    /// best (the last one is kept and early stopping never triggers).
    ///
    /// With a `sequentialBatchSize` the batches come in order (`TrainingTask.sequentialBatchSize`)
    /// and the shuffling generator is not drawn from.
    ///
    /// From a checkpoint (`resuming`), the stores and the loop's state are restored first;
    /// `schedule` gives the optimizer's, the plateau schedule's and the task's generators'
    /// state for the checkpoints `checkpointing` asks for.
    private func run(
        sampleCount: Int, sequentialBatchSize: Int?, stores: [ParameterStore], learningRate: () -> Float, validation: () -> Double?,
        monitorsTrainingLoss: Bool, afterEpoch: (Double) -> Void, resuming checkpoint: TrainingCheckpoint?,
        schedule: (() -> (OptimizerState, ReduceLROnPlateau?, [[UInt64]]))?, step: ([Int]) -> BatchResult
    ) -> TrainingOutcome {
        var rng = RandomGenerator(seed: config.seed &+ 0x5EED)
        var history: [EpochRecord] = []
        var best = (epoch: 0, loss: Double.infinity, values: stores.map(\.values), buffers: stores.map(\.bufferValues))
        var failure: TrainingFailure?
        var stoppedEarly = false
        if let checkpoint {
            for (i, store) in stores.enumerated() {
                store.values = checkpoint.values[i]
                store.bufferValues = checkpoint.buffers[i]
            }
            history = checkpoint.history
            best = (checkpoint.bestEpoch, checkpoint.bestLoss, checkpoint.bestValues, checkpoint.bestBuffers)
            // The batch order of epoch e is the e-th permutation of the stream: draw the ones done.
            for _ in 0..<(sequentialBatchSize == nil ? checkpoint.epoch : 0) {
                _ = BatchOrder(count: sampleCount, batchSize: config.batchSize, shuffledWith: &rng)
            }
        }
        var due = checkpointing.map { CheckpointClock(interval: $0.interval) }

        epochs: for epoch in (history.count + 1)..<(max(config.epochs, 1) + 1) {
            var total = 0.0
            var components: [String: Double]?
            var batches = 0
            let order =
                sequentialBatchSize.map { BatchOrder(count: sampleCount, batchSize: $0) }
                ?? BatchOrder(count: sampleCount, batchSize: config.batchSize, shuffledWith: &rng)
            for (b, batch) in order.enumerated() {
                switch step(batch) {
                case .nonFinite(let what):
                    failure = TrainingFailure(epoch: epoch, batch: b + 1, what: what)
                    break epochs
                case .loss(let loss, let parts):
                    total += loss
                    if let parts { components = (components ?? [:]).merging(parts, uniquingKeysWith: +) }
                    batches += 1
                }
            }
            let count = Double(max(batches, 1))
            let validationLoss = validation()
            let record = EpochRecord(
                epoch: epoch, trainLoss: total / count, validationLoss: validationLoss, learningRate: learningRate(),
                components: components?.mapValues { $0 / count })
            history.append(record)
            let monitored = validationLoss ?? record.trainLoss
            guard monitored.isFinite else {
                failure = TrainingFailure(epoch: epoch, batch: batches, what: validationLoss == nil ? "the training loss" : "the validation loss")
                break
            }
            if monitored < best.loss || (validationLoss == nil && !monitorsTrainingLoss) {
                best = (epoch, monitored, stores.map(\.values), stores.map(\.bufferValues))
            }
            afterEpoch(monitored)
            if progress?(record) == false { break }
            if config.patience > 0, epoch - best.epoch >= config.patience {
                stoppedEarly = true
                break
            }
            if let checkpointing, let schedule, epoch < config.epochs, due?.isDue() == true {
                let (optimizer, plateau, generators) = schedule()
                let saved = checkpointing.save(
                    TrainingCheckpoint(
                        epoch: epoch, history: history, bestEpoch: best.epoch, bestLoss: best.loss, values: stores.map(\.values),
                        buffers: stores.map(\.bufferValues), bestValues: best.values, bestBuffers: best.buffers, optimizer: optimizer,
                        plateau: plateau, generators: generators, config: config, setup: checkpointing.setup))
                if !saved { break }
            }
        }
        // The initial weights when no epoch finished; buffers (batch norm's running statistics)
        // are restored with the weights they were computed for.
        for (i, store) in stores.enumerated() {
            store.values = best.values[i]
            store.bufferValues = best.buffers[i]
        }
        return TrainingOutcome(history: history, bestEpoch: best.epoch, bestLoss: best.loss, failure: failure, stoppedEarly: stoppedEarly)
    }

    private func makeOptimizer() -> StatefulOptimizer {
        switch config.optimizer {
        case .adam: Adam(learningRate: config.learningRate, weightDecay: config.weightDecay, threads: config.threads)
        case .adamw: AdamW(learningRate: config.learningRate, weightDecay: config.weightDecay, threads: config.threads)
        case .sgd: SGD(learningRate: config.learningRate, momentum: config.momentum, weightDecay: config.weightDecay)
        }
    }
}
