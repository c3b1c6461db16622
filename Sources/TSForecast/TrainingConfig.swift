/// Hyper-parameters of one training run.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Maximum number of passes over the training samples.
    public var epochs = 100
    /// Samples per gradient step.
    public var batchSize = 32
    /// Initial learning rate.
    public var learningRate: Float = 1e-3
    public var optimizer: OptimizerKind = .adam
    /// SGD momentum (ignored by Adam/AdamW).
    public var momentum: Float = 0.9
    /// L2 penalty (SGD, Adam: added to the gradient) or decoupled decay (AdamW).
    public var weightDecay: Float = 0
    /// Global gradient-norm bound; `nil` disables clipping.
    public var clipNorm: Float? = 1
    /// Epochs without validation improvement before stopping; `nil` never stops early.
    public var patience: Int? = 10
    /// Multiply the learning rate by `plateauFactor` after `plateauPatience` epochs
    /// without validation improvement (PyTorch's ReduceLROnPlateau); `nil` keeps it fixed.
    public var plateauPatience: Int? = 5
    public var plateauFactor: Float = 0.5
    /// Seed of every random choice in training (initialisation, shuffling, dropout).
    public var seed: UInt64 = 0

    public init() {}
}
