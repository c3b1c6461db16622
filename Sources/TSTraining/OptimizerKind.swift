/// The optimizers the trainer offers.
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
    case adam, adamw, sgd
}
