import TSSupport
import TSTensor

/// Gaussian negative log-likelihood with a variance predicted by the network
/// (heteroscedastic regression, a Gaussian VAE decoder).
///
/// The prediction `[..., 2O]` holds, along its last axis, the means `ŷ` (first `O`) and
/// the log-variances `s = log σ²` (last `O`) of one target `y [..., O]`; with weights `w`
/// of the target's shape and the per-element `gaussianNLLTerm`,
///
/// `L = Σ wᵢ ½ (sᵢ + (yᵢ − ŷᵢ)² e^{−sᵢ}) / Σ wᵢ [+ ½ log 2π]`,
/// `∂L/∂ŷᵢ = wᵢ (ŷᵢ − yᵢ) e^{−sᵢ} / Σ w`,  `∂L/∂sᵢ = wᵢ ½ (1 − (yᵢ − ŷᵢ)² e^{−sᵢ}) / Σ w`,
///
/// PyTorch's `F.gaussian_nll_loss(ŷ, y, var=e^s, full=full, reduction='mean')` without
/// weights. `∂L/∂prediction` is `[∂L/∂ŷ | ∂L/∂s]` in the prediction's layout.
public struct PredictedGaussianNLLLoss: RegressionLoss, Sendable {
    /// Whether `½ log 2π` is added to every element's loss.
    public let full: Bool

    /// The loss, without the constant `½ log 2π` unless `full`.
    public init(full: Bool = false) {
        self.full = full
    }

    public func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult {
        let outputs = target.shape.last ?? 0
        precondition(
            target.rank >= 1 && prediction.shape == target.shape.dropLast() + [2 * outputs],
            "PredictedGaussianNLLLoss: expected prediction [..., 2·\(outputs)] for target \(target.shape), got \(prediction.shape)")
        let scale = weightedMeanScale("PredictedGaussianNLLLoss", target: target, weights: weights)
        let constant = gaussianNLLConstant(full: full)
        var dPrediction = Tensor(shape: prediction.shape)
        var total = 0.0
        prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { y in
                dPrediction.withUnsafeMutableBufferPointer { d in
                    forEachWeighted(target.count, weights, scale: scale) { i, w in
                        let (row, o) = i.quotientAndRemainder(dividingBy: outputs)
                        let (mean, logVariance) = (row * 2 * outputs + o, row * 2 * outputs + outputs + o)
                        let s = Double(p[logVariance])
                        let term = gaussianNLLTerm(
                            error: Double(p[mean]) - Double(y[i]), logVariance: s, precision: exp(-s), constant: constant)
                        total += w * term.loss
                        d[mean] = Float(w * term.dMean)
                        d[logVariance] = Float(w * term.dLogVariance)
                    }
                }
            }
        }
        return LossResult(value: Float(total), dPrediction: dPrediction)
    }
}
