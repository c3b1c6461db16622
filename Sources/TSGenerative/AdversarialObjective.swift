import TSNN
import TSTensor

/// The losses of adversarial training, on the discriminator's logits (critic values for
/// WGAN) `d_r = D(x)` of a real batch and `d_f = D(G(z))` of a fake one, each averaged
/// over its batch (σ is the logistic function):
///
/// | objective | discriminator / critic minimises | generator minimises |
/// |---|---|---|
/// | `minimax` | `−E log σ(d_r) − E log(1 − σ(d_f))` | `E log(1 − σ(d_f))` (eq. 26, saturates early on) |
/// | `nonSaturating` | same | `−E log σ(d_f)` |
/// | `wasserstein(clip:)` | `E d_f − E d_r` | `−E d_f` |
///
/// The cross-entropies are `BCEWithLogitsLoss` (PyTorch's `BCE(D(x), 1) + BCE(D(G(z)), 0)`);
/// WGAN's critic is kept Lipschitz by clipping every critic weight to `[−c, c]` after each
/// critic step (Arjovsky et al. 2017). The gradient-penalty variant (WGAN-GP) is not
/// offered: its loss `λ E (‖∇ₓ D(x̂)‖ − 1)²` needs the gradient of an input gradient, and
/// the core's pullbacks compute `∂L/∂x` as plain tensors, not as a differentiable graph
/// (no double backward).
public enum AdversarialObjective: Sendable, Equatable {
    /// The original GAN game: the generator minimises `E log(1 − σ(d_f))`.
    case minimax
    /// The generator maximises `E log σ(d_f)` instead (stronger early gradients).
    case nonSaturating
    /// WGAN: critic values, not probabilities; critic weights clipped to `[−clip, clip]`.
    case wasserstein(clip: Float)

    /// The discriminator loss of one side (`real: true` for `d_r`) and its gradient.
    public func discriminatorLoss(_ logits: Tensor, real: Bool) -> LossResult {
        switch self {
        case .minimax, .nonSaturating:
            return BCEWithLogitsLoss().evaluate(prediction: logits, target: Tensor(shape: logits.shape, repeating: real ? 1 : 0))
        case .wasserstein:
            return Self.signedMean(logits, sign: real ? -1 : 1)
        }
    }

    /// The generator loss of the fake logits `d_f` and its gradient.
    public func generatorLoss(_ logits: Tensor) -> LossResult {
        switch self {
        case .minimax:
            let fake = BCEWithLogitsLoss().evaluate(prediction: logits, target: Tensor(shape: logits.shape))
            return LossResult(value: -fake.value, dPrediction: fake.dPrediction.scaled(by: -1))
        case .nonSaturating:
            return BCEWithLogitsLoss().evaluate(prediction: logits, target: Tensor(shape: logits.shape, repeating: 1))
        case .wasserstein:
            return Self.signedMean(logits, sign: -1)
        }
    }

    /// `sign · mean(d)` and its gradient `sign / n`.
    private static func signedMean(_ values: Tensor, sign: Float) -> LossResult {
        let n = Float(max(values.count, 1))
        let mean = values.scalars.reduce(0.0) { $0 + Double($1) } / Double(n)
        return LossResult(value: sign * Float(mean), dPrediction: Tensor(shape: values.shape, repeating: sign / n))
    }
}
