/// PyTorch's `StepLR`: multiplies the learning rate by `γ` every `stepSize` epochs, so
/// after `e` calls to `step` it is `η₀·γ^⌊e/stepSize⌋`.
public struct StepLR: LearningRateScheduler, Sendable {
    /// Epochs between decays.
    public let stepSize: Int
    /// The decay factor `γ`.
    public let gamma: Float
    /// Completed epochs (calls to `step`).
    public private(set) var epoch = 0

    /// Decays by `gamma` every `stepSize` epochs (PyTorch default `gamma = 0.1`).
    public init(stepSize: Int, gamma: Float = 0.1) {
        precondition(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// Ends one epoch; `metric` is ignored.
    public mutating func step(metric: Float = 0, optimizer: any Optimizer) {
        epoch += 1
        if epoch % stepSize == 0 { optimizer.learningRate *= gamma }
    }
}
