import TSTensor

/// The input noise of a denoising autoencoder, applied only while training; the target
/// stays the clean input.
///
/// - `gaussian(std:)`: `x̃ = x + σ·ε`, `ε ~ N(0, 1)` per element.
/// - `dropout(probability:)`: each input is switched off (`x̃ᵢ = 0`) with probability
///   `p`, the survivors are scaled by `1/(1−p)` (PyTorch's `F.dropout(x, p)`).
public enum Corruption: Sendable, Equatable {
    /// Additive Gaussian noise of standard deviation `std`.
    case gaussian(std: Float)
    /// Input dropout with switch-off probability `probability`.
    case dropout(probability: Float)

    /// `x̃` for `x` (any shape), the noise drawn from `rng` in row-major order (one
    /// normal or one uniform per element); Gaussian noise may be drawn on `threads`, with
    /// the same values.
    public func apply(to input: Tensor, rng: inout RandomGenerator, threads: ComputeThreads = .single) -> Tensor {
        switch self {
        case .gaussian(let std):
            return input + rng.normalTensor(shape: input.shape, std: std, threads: threads)
        case .dropout(let p):
            precondition(p >= 0 && p < 1, "Corruption.dropout: probability must be in [0, 1), got \(p)")
            let keep = 1 / (1 - p)
            var mask = Tensor(shape: input.shape)
            mask.withUnsafeMutableBufferPointer { m in
                for i in 0..<m.count { m[i] = rng.uniform() >= p ? keep : 0 }
            }
            return input * mask
        }
    }
}
