import TSSupport
import TSTensor

/// Binary cross-entropy on logits, PyTorch's `BCEWithLogitsLoss(reduction='mean')`: the
/// discriminator loss of a GAN and the Bernoulli likelihood of a VAE decoder.
///
/// With logit `z`, target probability `y ∈ [0, 1]` and `σ` the logistic function,
///
/// `ℓ = −y log σ(z) − (1 − y) log(1 − σ(z)) = max(z, 0) − z y + log(1 + e^{−|z|})`,
/// `∂ℓ/∂z = σ(z) − y`,  `L = Σ wᵢ ℓᵢ / Σ wᵢ`.
///
/// The second form never takes the log of 0 nor overflows, for any `z`. Without weights
/// `L` is the mean; with weights it is the weighted mean (`RegressionLoss`), which differs
/// from PyTorch's `weight=` (that one still divides by the element count).
public struct BCEWithLogitsLoss: RegressionLoss, Sendable {
    /// Binary cross-entropy on logits.
    public init() {}

    public func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult {
        elementwiseLoss("BCEWithLogitsLoss", prediction: prediction, target: target, weights: weights) { z, y in
            (max(z, 0) - z * y + log1p(exp(-abs(z))), 1 / (1 + exp(-z)) - y)
        }
    }
}
