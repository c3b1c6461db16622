import TSNN
import TSSupport
import TSTensor

/// The decoder distribution `p(x|z)` of a (conditional) variational autoencoder.
///
/// - `gaussian`: the decoder outputs `[B, 2D]`, means then log-variances, and
///   `−log p(x|z) = Σ_d ½ (s_d + (x_d − μ_d)² e^{−s_d} + log 2π)` (seed 000's `NLL`).
/// - `bernoulli`: the decoder outputs logits `[B, D]` for `x ∈ [0, 1]`, and
///   `−log p(x|z) = Σ_d BCE(logit_d, x_d)` (seed 004's cross-entropy).
///
/// Summed over the `D` features and averaged over the batch, like the KL term, so the
/// ELBO is per sample.
public enum Likelihood: String, Sendable, CaseIterable, Codable {
    /// A Gaussian decoder: means and log-variances.
    case gaussian
    /// A Bernoulli decoder: logits, for data in `[0, 1]`.
    case bernoulli

    /// The decoder's output width for `D` features.
    public func outputSize(features: Int) -> Int { self == .gaussian ? 2 * features : features }

    /// `(1/B) Σ_b −log p(x_b|z_b)` of the decoder output for `x [B, D]`, with its gradient.
    public func negativeLogLikelihood(output: Tensor, x: Tensor) -> LossResult {
        let features = x.shape.last ?? 1
        let mean: LossResult =
            switch self {
            case .gaussian: PredictedGaussianNLLLoss(full: true).evaluate(prediction: output, target: x)
            case .bernoulli: BCEWithLogitsLoss().evaluate(prediction: output, target: x)
            }
        // The losses average over all B·D elements; the per-sample sum is D times that.
        return LossResult(value: mean.value * Float(features), dPrediction: mean.dPrediction.scaled(by: Float(features)))
    }

    /// Each element's `−log p(x_d|z)` `[B, D]`, in Double: `½ (s + (x − μ)² e^{−s} + log 2π)`
    /// or `max(ℓ, 0) − ℓ x + log(1 + e^{−|ℓ|})` for logit `ℓ` (the summands of
    /// `negativeLogLikelihood`, for per-element anomaly scores).
    public func elementTerms(output: Tensor, x: Tensor) -> Tensor {
        let (rows, features) = (x.rows, x.shape.last ?? 1)
        precondition(output.shape == [rows, outputSize(features: features)], "Likelihood.elementTerms: output \(output.shape) for x \(x.shape)")
        var terms = Tensor(shape: x.shape)
        for b in 0..<rows {
            for d in 0..<features {
                let value = Double(x.scalars[b * features + d])
                let term: Double
                switch self {
                case .gaussian:
                    let width = 2 * features
                    let (mean, s) = (Double(output.scalars[b * width + d]), Double(output.scalars[b * width + features + d]))
                    term = 0.5 * (s + (value - mean) * (value - mean) * exp(-s) + log(2 * Double.pi))
                case .bernoulli:
                    let logit = Double(output.scalars[b * features + d])
                    term = max(logit, 0) - logit * value + log1p(exp(-abs(logit)))
                }
                terms.scalars[b * features + d] = Float(term)
            }
        }
        return terms
    }

    /// The distribution's mean `[B, D]` for a decoder output: `μ`, or `σ(logits)`.
    public func mean(output: Tensor, features: Int) -> Tensor {
        switch self {
        case .gaussian: output.split(along: 1, sizes: [features, features])[0]
        case .bernoulli: output.sigmoid()
        }
    }
}
