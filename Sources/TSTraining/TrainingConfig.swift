import TSTensor

/// Hyper-parameters of one training run.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Maximum number of passes over the training samples.
    public var epochs = 100
    /// Samples per gradient step.
    public var batchSize = 32
    /// Initial learning rate.
    public var learningRate: Float = 1e-3
    /// The optimizer the trainer builds for a `TrainingTask`.
    public var optimizer: OptimizerKind = .adam
    /// SGD momentum (ignored by Adam/AdamW).
    public var momentum: Float = 0.9
    /// L2 penalty (SGD, Adam: added to the gradient) or decoupled decay (AdamW).
    public var weightDecay: Float = 0
    /// Global gradient-norm bound; 0 disables clipping.
    public var clipNorm: Float = 1
    /// Epochs without validation improvement before stopping; 0 never stops early.
    /// 20 by default (10 before): stopping after 10 cut off runs that were still improving
    /// (docs/DEFAULTS.md).
    public var patience = 20
    /// Multiply the learning rate by `plateauFactor` after `plateauPatience` epochs
    /// without validation improvement (PyTorch's ReduceLROnPlateau); 0 keeps it fixed.
    /// Off by default: over four series it did not lower the test error (docs/DEFAULTS.md);
    /// model files written with the earlier default (5) store it and decode with it.
    public var plateauPatience = 0
    /// The factor of the plateau schedule.
    public var plateauFactor: Float = 0.5
    /// Seed of every random choice in training (initialisation, shuffling, dropout).
    public var seed: UInt64 = 0
    /// The threads a training step may use (`ComputeThreads`; all online cores by default).
    /// Handed to the task's tapes, so it reaches every layer; it changes the speed, and the
    /// results only by rounding (the bounds `ComputeThreads` describes). Stored in model
    /// files as `threads`; files written before it decode with the default.
    public var threads = ComputeThreads()

    /// The defaults listed above.
    public init() {}
}

extension TrainingConfig {
    /// Decodes a configuration; a missing key keeps its default.
    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.update(&epochs, forKey: .epochs)
        try container.update(&batchSize, forKey: .batchSize)
        try container.update(&learningRate, forKey: .learningRate)
        try container.update(&optimizer, forKey: .optimizer)
        try container.update(&momentum, forKey: .momentum)
        try container.update(&weightDecay, forKey: .weightDecay)
        try container.update(&clipNorm, forKey: .clipNorm)
        try container.update(&patience, forKey: .patience)
        try container.update(&plateauPatience, forKey: .plateauPatience)
        try container.update(&plateauFactor, forKey: .plateauFactor)
        try container.update(&seed, forKey: .seed)
        try container.update(&threads, forKey: .threads)
    }
}
