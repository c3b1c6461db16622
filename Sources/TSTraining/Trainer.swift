import TSNN
import TSTensor

/// Fits a task by mini-batch gradient descent.
///
/// Each epoch visits the samples in a `BatchOrder` shuffled by a generator seeded from
/// `config.seed`, then runs every batch:
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
public struct Trainer {
    /// The hyper-parameters.
    public var config: TrainingConfig
    /// Called after every epoch with its record; return `false` to stop.
    public var progress: ((EpochRecord) -> Bool)?

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
        let store = task.store
        let optimizer = makeOptimizer()
        var plateau = config.plateauPatience > 0 ? ReduceLROnPlateau(factor: config.plateauFactor, patience: config.plateauPatience) : nil
        return run(
            sampleCount: task.sampleCount, stores: [store], learningRate: { optimizer.learningRate },
            validation: task.validationLoss, monitorsTrainingLoss: true,
            afterEpoch: { plateau?.step(metric: Float($0), optimizer: optimizer) }
        ) { batch in
            store.zeroGradients()
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
        run(
            sampleCount: task.sampleCount, stores: task.stores, learningRate: { task.optimizers.first?.learningRate ?? 0 },
            validation: task.validationLoss, monitorsTrainingLoss: false, afterEpoch: { _ in }
        ) { batch in
            let losses = task.trainStep(indices: batch)
            if let bad = losses.keys.sorted().first(where: { !losses[$0]!.isFinite }) { return .nonFinite("the \(bad) loss") }
            return .loss(losses.values.reduce(0, +), components: losses)
        }
    }

    /// The epoch loop both task shapes share. Without a validation loss the training loss
    /// is monitored; unless `monitorsTrainingLoss`, every finite epoch then counts as the
    /// best (the last one is kept and early stopping never triggers).
    private func run(
        sampleCount: Int, stores: [ParameterStore], learningRate: () -> Float, validation: () -> Double?,
        monitorsTrainingLoss: Bool, afterEpoch: (Double) -> Void, step: ([Int]) -> BatchResult
    ) -> TrainingOutcome {
        var rng = RandomGenerator(seed: config.seed &+ 0x5EED)
        var history: [EpochRecord] = []
        var best = (epoch: 0, loss: Double.infinity, values: stores.map(\.values), buffers: stores.map(\.bufferValues))
        var failure: TrainingFailure?
        var stoppedEarly = false

        epochs: for epoch in 1...max(config.epochs, 1) {
            var total = 0.0
            var components: [String: Double]?
            var batches = 0
            let order = BatchOrder(count: sampleCount, batchSize: config.batchSize, shuffledWith: &rng)
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
        }
        // The initial weights when no epoch finished; buffers (batch norm's running statistics)
        // are restored with the weights they were computed for.
        for (i, store) in stores.enumerated() {
            store.values = best.values[i]
            store.bufferValues = best.buffers[i]
        }
        return TrainingOutcome(history: history, bestEpoch: best.epoch, bestLoss: best.loss, failure: failure, stoppedEarly: stoppedEarly)
    }

    private func makeOptimizer() -> Optimizer {
        switch config.optimizer {
        case .adam: Adam(learningRate: config.learningRate, weightDecay: config.weightDecay)
        case .adamw: AdamW(learningRate: config.learningRate, weightDecay: config.weightDecay)
        case .sgd: SGD(learningRate: config.learningRate, momentum: config.momentum, weightDecay: config.weightDecay)
        }
    }
}
