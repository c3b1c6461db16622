import TSTensor

/// How a parameter tensor is filled when it is registered.
///
/// - `pytorchDefault(fanIn:)`: `U(−1/√fanIn, 1/√fanIn)`, PyTorch's default for the
///   weights and biases of `Linear`, `RNN`, `LSTM` and `GRU` (for recurrent layers
///   `fanIn` is the hidden size).
/// - `xavierUniform(fanIn:fanOut:)`: Glorot, `U(−a, a)` with `a = √(6/(fanIn+fanOut))`.
/// - `heNormal(fanIn:)`: He/Kaiming, `N(0, 2/fanIn)`, suited to ReLU layers.
/// - `uniform(low:high:)`, `normal(std:)`, `constant(_:)`, `zeros`.
public enum Initializer: Sendable {
    /// `U(−1/√fanIn, 1/√fanIn)`: PyTorch's default for `Linear` and the recurrent layers.
    case pytorchDefault(fanIn: Int)
    /// Glorot: `U(−a, a)`, `a = √(6/(fanIn+fanOut))`.
    case xavierUniform(fanIn: Int, fanOut: Int)
    /// He/Kaiming: `N(0, 2/fanIn)`.
    case heNormal(fanIn: Int)
    /// `U(low, high)`.
    case uniform(low: Float, high: Float)
    /// `N(0, std²)`.
    case normal(std: Float)
    /// Every value the constant.
    case constant(Float)
    /// Every value 0.
    case zeros

    /// `count` values drawn from this scheme, consuming `rng` in index order.
    public func values(count: Int, rng: inout RandomGenerator) -> [Float] {
        switch self {
        case .pytorchDefault(let fanIn):
            let bound = 1 / Float(fanIn).squareRoot()
            return (0..<count).map { _ in rng.uniform(-bound, bound) }
        case .xavierUniform(let fanIn, let fanOut):
            let bound = (6 / Float(fanIn + fanOut)).squareRoot()
            return (0..<count).map { _ in rng.uniform(-bound, bound) }
        case .heNormal(let fanIn):
            let std = (2 / Float(fanIn)).squareRoot()
            return (0..<count).map { _ in rng.normal(std: std) }
        case .uniform(let low, let high):
            return (0..<count).map { _ in rng.uniform(low, high) }
        case .normal(let std):
            return (0..<count).map { _ in rng.normal(std: std) }
        case .constant(let c):
            return [Float](repeating: c, count: count)
        case .zeros:
            return [Float](repeating: 0, count: count)
        }
    }
}
