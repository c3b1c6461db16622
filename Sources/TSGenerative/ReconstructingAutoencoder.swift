import TSNN
import TSTensor

/// An autoencoder `x → code → x̂` over samples flattened to rows `x [B, D]`, trained on the
/// mean squared reconstruction error against the clean input (`Autoencoder`, dense;
/// `ConvAutoencoder`, 1-D convolutional with `D = C·W`).
///
/// Loss: `L = (1/(B·D)) Σ (x̂ − x)²` (`MSELoss`). `corruption` (a denoising autoencoder)
/// applies in training steps (`trainStep(_:rng:)`) only; `encode`, `reconstruct`, `loss`
/// and `elementErrors` never corrupt.
public protocol ReconstructingAutoencoder: Module, Replicable {
    /// `[B, D] → [B, K]`.
    var encoder: Sequential { get }
    /// `[B, K] → [B, D]`.
    var decoder: Sequential { get }
    /// The input noise of training steps, or `nil`.
    var corruption: Corruption? { get }
}

extension ReconstructingAutoencoder {
    /// The code `[B, K]` of `x [B, D]`.
    public func encode(_ x: Tensor) -> Tensor { encoder.forward(x, training: false) }

    /// `x̂ [B, D]` of the clean `x [B, D]`.
    public func reconstruct(_ x: Tensor) -> Tensor { decoder.forward(encode(x), training: false) }

    /// One training forward and backward on `x [B, D]`: corrupts `x` (noise from `rng`),
    /// reconstructs, accumulates `∂L/∂θ` and returns the loss against the clean `x`; the
    /// passes may use `threads`.
    public func trainStep(_ x: Tensor, rng: inout RandomGenerator, threads: ComputeThreads = .single) -> Double {
        trainStep(input: corruption?.apply(to: x, rng: &rng, threads: threads) ?? x, target: x, threads: threads)
    }

    /// One training forward and backward from a given (corrupted) `input [B, D]` towards
    /// the clean `target [B, D]`: accumulates `∂L/∂θ` and returns `L`; the passes may use
    /// `threads`.
    public func trainStep(input: Tensor, target: Tensor, threads: ComputeThreads = .single) -> Double {
        let tape = Tape(threads: threads)
        let output = decoder.forward(encoder.forward(input, training: true, tape: tape), training: true, tape: tape)
        let loss = MSELoss().evaluate(prediction: output, target: target)
        tape.backward(loss.dPrediction, inputGradient: false)
        return Double(loss.value)
    }

    /// The loss of `x` without corruption or gradients: `(1/(B·D)) Σ (x̂ − x)²`.
    public func loss(_ x: Tensor) -> Double {
        Double(MSELoss().evaluate(prediction: reconstruct(x), target: x).value)
    }

    /// The squared reconstruction error of every element, `(x̂ − x)²` `[B, D]`.
    public func elementErrors(_ x: Tensor) -> Tensor {
        (reconstruct(x) - x).squared()
    }
}
