import TSNN
import TSTensor

/// One epoch's record.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    /// Mean training loss over the epoch's batches (scaled units).
    public var trainLoss: Double
    /// Validation loss after the epoch, when there is a validation part.
    public var validationLoss: Double?
    public var learningRate: Float

    enum CodingKeys: String, CodingKey {
        case epoch
        case trainLoss = "train_loss"
        case validationLoss = "val_loss"
        case learningRate = "lr"
    }
}

/// How a training run ended.
public struct TrainingOutcome: Sendable {
    /// Per-epoch history, in order.
    public var history: [EpochRecord]
    /// The epoch whose weights were kept (best validation loss, or the last epoch).
    public var bestEpoch: Int
    public var bestLoss: Double
    /// Set when training stopped because a loss or gradient became NaN/Inf; the best
    /// weights seen before are restored.
    public var failure: TrainingFailure?
    /// True when early stopping ended the run.
    public var stoppedEarly: Bool
}

/// Training stopped on a non-finite loss or gradient norm.
public struct TrainingFailure: Error, Sendable, CustomStringConvertible {
    public var epoch: Int
    public var batch: Int
    public var what: String
    public var description: String {
        "training diverged: \(what) became NaN/Inf at epoch \(epoch), batch \(batch); kept the best weights so far (try a lower --lr or --clip)"
    }
}

/// Fits a `TrainingTask` by mini-batch gradient descent.
///
/// Each epoch visits the samples in a `BatchOrder` shuffled by a generator seeded from
/// `config.seed`, then for each batch: zero gradients → `trainStep` → clip the global
/// gradient norm → optimizer step. After the epoch the validation loss decides early stopping
/// (`patience`) and the plateau schedule; the weights of the best epoch are restored at
/// the end. A non-finite loss or gradient norm stops training with a `TrainingFailure`
/// and restores the best weights, so a diverging run never leaves NaN weights behind.
public struct Trainer {
    public var config: TrainingConfig
    /// Called after every epoch with its record; return `false` to stop.
    public var progress: ((EpochRecord) -> Bool)?

    public init(config: TrainingConfig, progress: ((EpochRecord) -> Bool)? = nil) {
        self.config = config
        self.progress = progress
    }

    /// Trains `task` in place and reports the history.
    public func fit(_ task: TrainingTask) -> TrainingOutcome {
        let store = task.store
        let optimizer = makeOptimizer()
        var plateau = config.plateauPatience > 0 ? ReduceLROnPlateau(factor: config.plateauFactor, patience: config.plateauPatience) : nil
        var rng = RandomGenerator(seed: config.seed &+ 0x5EED)
        var history: [EpochRecord] = []
        var best = (epoch: 0, loss: Double.infinity, values: store.values)
        var failure: TrainingFailure?
        var stoppedEarly = false

        epochs: for epoch in 1...max(config.epochs, 1) {
            var total = 0.0
            var batches = 0
            let order = BatchOrder(count: task.sampleCount, batchSize: config.batchSize, shuffledWith: &rng)
            for (b, batch) in order.enumerated() {
                store.zeroGradients()
                let loss = task.trainStep(indices: batch)
                let norm = clipGradientNorm(store, maxNorm: config.clipNorm > 0 ? config.clipNorm : .infinity)
                guard loss.isFinite, norm.isFinite else {
                    failure = TrainingFailure(epoch: epoch, batch: b + 1, what: loss.isFinite ? "the gradient norm" : "the training loss")
                    break epochs
                }
                optimizer.step(store)
                total += loss
                batches += 1
            }
            let validation = task.validationLoss()
            let record = EpochRecord(
                epoch: epoch, trainLoss: total / Double(max(batches, 1)), validationLoss: validation,
                learningRate: optimizer.learningRate)
            history.append(record)
            let monitored = validation ?? record.trainLoss
            guard monitored.isFinite else {
                failure = TrainingFailure(epoch: epoch, batch: batches, what: validation == nil ? "the training loss" : "the validation loss")
                break
            }
            if monitored < best.loss {
                best = (epoch, monitored, store.values)
            }
            plateau?.step(metric: Float(monitored), optimizer: optimizer)
            if progress?(record) == false { break }
            if config.patience > 0, epoch - best.epoch >= config.patience {
                stoppedEarly = true
                break
            }
        }
        store.values = best.values  // the initial weights when no epoch finished
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
