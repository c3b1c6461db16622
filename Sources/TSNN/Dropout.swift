import TSTensor

/// Inverted dropout: in training, `y = x ⊙ m` with `mᵢ = 1/(1−p)` with probability
/// `1−p` and `0` otherwise; in inference `y = x`. Shapes `[B, size] → [B, size]`.
///
/// The mask is drawn from `rng` at every training forward (one uniform per element, in
/// row-major order: element kept when `u ≥ p`), so expected activations match between
/// training and inference, as in PyTorch's `nn.Dropout`. Backward returns `dOutput ⊙ m`
/// (the identity after an inference forward). Re-assign `rng` to replay a mask.
public final class Dropout: Layer {
    /// The drop probability `p ∈ [0, 1)`.
    public let probability: Float
    public let inputSize: Int
    public var outputSize: Int { inputSize }
    /// The generator the next mask is drawn from.
    public var rng: RandomGenerator
    /// The mask `m` of the last training forward (`[B, size]`), or `nil` after an
    /// inference forward.
    public private(set) var mask: Tensor?

    /// Dropout over rows of `size` features with drop probability `probability`.
    public init(probability: Float, size: Int, rng: RandomGenerator) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
        self.inputSize = size
        self.rng = rng
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] == inputSize, "Dropout.forward: expected [B, \(inputSize)], got \(input.shape)")
        guard training && probability > 0 else {
            mask = nil
            return input
        }
        let keepScale = 1 / (1 - probability)
        var m = Tensor(shape: input.shape)
        var generator = rng
        m.withUnsafeMutableBufferPointer { mb in
            for i in 0..<mb.count { mb[i] = generator.uniform() >= probability ? keepScale : 0 }
        }
        rng = generator
        mask = m
        return input * m
    }

    public func backward(_ dOutput: Tensor) -> Tensor {
        guard let mask else { return dOutput }
        precondition(dOutput.shape == mask.shape, "Dropout.backward: expected dOutput \(mask.shape), got \(dOutput.shape)")
        return dOutput * mask
    }
}
