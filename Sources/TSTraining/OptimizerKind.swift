/// The optimizers the trainer offers.
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
    /// Adam (Kingma & Ba), with L2 weight decay added to the gradient.
    case adam
    /// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter).
    case adamw
    /// Stochastic gradient descent, with `TrainingConfig.momentum`.
    case sgd
}
