import TSTensor

/// Inverted dropout: in training, `y = x ⊙ m` with `mᵢ = 1/(1−p)` with probability
/// `1−p` and `0` otherwise; in inference `y = x`. Any shape.
///
/// The mask is drawn from `rng` at every training forward (one uniform per element, in
/// row-major order: element kept when `u ≥ p`), so expected activations match between
/// training and inference, as in PyTorch's `nn.Dropout`. The pullback returns
/// `dOutput ⊙ m` (the identity after an inference forward). Re-assign `rng` to replay a mask.
public final class Dropout: Layer {
    /// The drop probability `p ∈ [0, 1)`.
    public let probability: Float
    /// The generator the next mask is drawn from.
    public var rng: RandomGenerator

    /// Dropout with drop probability `probability`, masks drawn from `rng`.
    public init(probability: Float, rng: RandomGenerator) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
        self.rng = rng
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        guard training && probability > 0 else {
            tape?.record { $0 }
            return input
        }
        let keepScale = 1 / (1 - probability)
        var mask = Tensor(shape: input.shape)
        var generator = rng
        mask.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count { m[i] = generator.uniform() >= probability ? keepScale : 0 }
        }
        rng = generator
        tape?.record { dOutput in
            precondition(dOutput.shape == mask.shape, "Dropout.backward: expected dOutput \(mask.shape), got \(dOutput.shape)")
            return dOutput * mask
        }
        return input * mask
    }
}
