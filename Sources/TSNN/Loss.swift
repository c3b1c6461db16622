import TSTensor

/// A scalar loss and its gradient with respect to the predictions.
public struct LossResult: Sendable {
    /// The loss `L`.
    public let value: Float
    /// `∂L/∂prediction`, the shape of the prediction.
    public let dPrediction: Tensor

    /// A loss value with its prediction gradient.
    public init(value: Float, dPrediction: Tensor) {
        self.value = value
        self.dPrediction = dPrediction
    }
}

/// A scalar loss of a network output against a target: the one vocabulary of every loss
/// in TSNN, so a trainer or a GAN/VAE step can take any of them.
///
/// | loss | `Target` | prediction |
/// |---|---|---|
/// | `MSELoss` | `Tensor` (prediction's shape) | any shape |
/// | `GaussianNLLLoss` (learned variance) | `Tensor` | `[..., O]` means |
/// | `PredictedGaussianNLLLoss` | `Tensor` `[..., O]` | `[..., 2O]`: means, then log-variances |
/// | `BCEWithLogitsLoss` | `Tensor` of probabilities | logits, any shape |
/// | `SoftmaxCrossEntropyLoss` | `[Int]` class labels | logits `[B, C]` |
/// | `GaussianKLLoss` | `Void` (the prior `N(0, I)`) | `[..., 2Z]`: means, then log-variances |
///
/// `evaluate` returns the value and `∂L/∂prediction` in the prediction's shape; a loss with
/// its own parameters (the learned variance) also accumulates (`+=`) their gradients into
/// its store.
public protocol Loss {
    /// What the prediction is compared with.
    associatedtype Target
    /// The loss of `prediction` against `target` and its gradient.
    func evaluate(prediction: Tensor, target: Target) -> LossResult
}

/// A loss comparing real-valued predictions with targets of the same shape (or, for
/// `PredictedGaussianNLLLoss`, with half the prediction's last axis), optionally weighted,
/// so a trainer can switch between the element-wise losses.
///
/// `weights`, when given, has the target's shape: element `i` contributes with weight
/// `wᵢ ≥ 0` and the loss is the weighted mean `Σ wᵢ·ℓᵢ / Σ wᵢ`. A 0/1 mask (e.g. a
/// washout that excludes the first steps) thus averages over the included elements only.
/// With all weights zero the loss and every gradient are zero. Without weights, every
/// `wᵢ = 1` (PyTorch's `reduction='mean'`).
public protocol RegressionLoss: Loss where Target == Tensor {
    /// The loss of `prediction` against `target`, with optional `weights`.
    func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult
}

extension RegressionLoss {
    /// The unweighted loss (mean over all elements).
    public func evaluate(prediction: Tensor, target: Tensor) -> LossResult {
        evaluate(prediction: prediction, target: target, weights: nil)
    }
}

/// Checks shapes and returns `1 / Σ wᵢ` (`1/count` without weights, `0` if `Σ wᵢ = 0`);
/// `prediction` must have `target`'s shape.
func weightedMeanScale(_ op: String, prediction: Tensor, target: Tensor, weights: Tensor?) -> Double {
    precondition(prediction.shape == target.shape, "\(op): prediction \(prediction.shape) vs target \(target.shape)")
    return weightedMeanScale(op, target: target, weights: weights)
}

/// `1 / Σ wᵢ` over `target`'s elements (`1/count` without weights, `0` if `Σ wᵢ = 0`).
func weightedMeanScale(_ op: String, target: Tensor, weights: Tensor?) -> Double {
    guard let weights else { return target.count == 0 ? 0 : 1 / Double(target.count) }
    precondition(weights.shape == target.shape, "\(op): weights \(weights.shape) vs target \(target.shape)")
    var total = 0.0
    for w in weights.scalars {
        precondition(w >= 0, "\(op): weights must be non-negative, got \(w)")
        total += Double(w)
    }
    return total > 0 ? 1 / total : 0
}

/// Calls `body(i, wᵢ·scale)` for every element, with `wᵢ = 1` when `weights` is `nil`.
@inline(__always)
func forEachWeighted(_ count: Int, _ weights: Tensor?, scale: Double, _ body: (Int, Double) -> Void) {
    if let weights {
        weights.withUnsafeBufferPointer { w in
            for i in 0..<count where w[i] != 0 { body(i, Double(w[i]) * scale) }
        }
    } else {
        for i in 0..<count { body(i, scale) }
    }
}

/// The weighted mean of an element-wise loss: `term(ŷᵢ, yᵢ)` gives `ℓᵢ` and `∂ℓᵢ/∂ŷᵢ`;
/// returns `Σ wᵢ ℓᵢ / Σ wᵢ` and `∂L/∂ŷᵢ = wᵢ ∂ℓᵢ/∂ŷᵢ / Σ wᵢ`, in Double.
@inline(__always)
func elementwiseLoss(
    _ op: String, prediction: Tensor, target: Tensor, weights: Tensor?,
    _ term: (_ prediction: Double, _ target: Double) -> (loss: Double, derivative: Double)
) -> LossResult {
    let scale = weightedMeanScale(op, prediction: prediction, target: target, weights: weights)
    var dPrediction = Tensor(shape: prediction.shape)
    var total = 0.0
    prediction.withUnsafeBufferPointer { p in
        target.withUnsafeBufferPointer { y in
            dPrediction.withUnsafeMutableBufferPointer { d in
                forEachWeighted(prediction.count, weights, scale: scale) { i, w in
                    let (loss, derivative) = term(Double(p[i]), Double(y[i]))
                    total += w * loss
                    d[i] = Float(w * derivative)
                }
            }
        }
    }
    return LossResult(value: Float(total), dPrediction: dPrediction)
}
