import TSSupport
import TSTensor

/// The Kullback–Leibler divergence of a diagonal Gaussian `N(μ, σ²)` from the standard
/// normal prior `N(0, I)`: the regulariser of a variational autoencoder.
///
/// The prediction `[..., 2Z]` holds, along its last axis, the means `μ` (first `Z`) and the
/// log-variances `s = log σ²` (last `Z`) of one latent vector per row (`R` rows: the
/// product of the leading dimensions). Summed over the latent axis and averaged over rows:
///
/// `L = (1/R) Σ_r ½ Σ_j (μ_rj² + e^{s_rj} − 1 − s_rj)`,
/// `∂L/∂μ = μ / R`,  `∂L/∂s = ½ (e^{s} − 1) / R`,
///
/// i.e. `torch.distributions.kl_divergence(Normal(μ, e^{s/2}), Normal(0, 1)).sum(-1).mean()`.
/// `∂L/∂prediction` is `[∂L/∂μ | ∂L/∂s]` in the prediction's layout, so it adds directly to
/// the gradient of an encoder whose output is split into `μ` and `log σ²`. In Double.
public struct GaussianKLLoss: Loss, Sendable {
    /// The KL divergence to `N(0, I)`.
    public init() {}

    /// The divergence of the Gaussians in `prediction` from `N(0, I)` (the target is the
    /// fixed prior, hence `Void`).
    public func evaluate(prediction: Tensor, target: Void) -> LossResult {
        let width = prediction.shape.last ?? 0
        precondition(
            prediction.rank >= 1 && width > 0 && width % 2 == 0,
            "GaussianKLLoss: expected prediction [..., 2Z] (means, then log-variances), got \(prediction.shape)")
        let latent = width / 2
        let rows = prediction.count / width
        let invRows = rows == 0 ? 0 : 1 / Double(rows)
        var dPrediction = Tensor(shape: prediction.shape)
        var total = 0.0
        prediction.withUnsafeBufferPointer { p in
            dPrediction.withUnsafeMutableBufferPointer { d in
                for r in 0..<rows {
                    for j in 0..<latent {
                        let (mean, logVariance) = (r * width + j, r * width + latent + j)
                        let (mu, s) = (Double(p[mean]), Double(p[logVariance]))
                        let variance = exp(s)
                        total += 0.5 * (mu * mu + variance - 1 - s)
                        d[mean] = Float(mu * invRows)
                        d[logVariance] = Float(0.5 * (variance - 1) * invRows)
                    }
                }
            }
        }
        return LossResult(value: Float(total * invRows), dPrediction: dPrediction)
    }

    /// The divergence of the Gaussians in `prediction` from `N(0, I)`.
    public func evaluate(_ prediction: Tensor) -> LossResult {
        evaluate(prediction: prediction, target: ())
    }
}
