import TSTensor

/// The pinball (quantile) loss of `Q` predicted quantiles per target value: quantile
/// regression (Koenker & Bassett 1978), as multi-quantile forecasters train it.
///
/// The prediction `[..., O·Q]` holds, along its last axis, the `Q` quantiles of each of the
/// `O` target values in turn: element `o·Q + j` is the level-`τⱼ` quantile `ŷ_{o,j}` of
/// target `y [..., O]` element `o`. With `uᵢⱼ = yᵢ − ŷᵢⱼ` and the pinball function
///
/// `ρ_τ(u) = max(τu, (τ − 1)u)`,
///
/// `L = Σᵢ wᵢ Σⱼ ρ_τⱼ(uᵢⱼ) / (Q Σᵢ wᵢ)` (the mean over the prediction's elements without
/// weights; `weights` have the target's shape, as in every `RegressionLoss`), and
///
/// `∂L/∂ŷᵢⱼ = wᵢ · (−τⱼ if uᵢⱼ > 0, else 1 − τⱼ) / (Q Σ w)`.
///
/// At the kink `uᵢⱼ = 0` the loss has no derivative; the subgradient `1 − τⱼ` is used.
/// Sums in Double. PyTorch has no built-in equivalent.
public struct QuantileLoss: RegressionLoss, Sendable {
    /// The quantile levels `τ₁ … τ_Q`, each in (0, 1).
    public let levels: [Double]

    /// The loss at `levels` (at least one, each in (0, 1)).
    public init(levels: [Double]) {
        precondition(!levels.isEmpty && levels.allSatisfy { $0 > 0 && $0 < 1 }, "QuantileLoss: levels must be in (0, 1), got \(levels)")
        self.levels = levels
    }

    /// `ρ_τ(y − q)`, the pinball loss of the level-`τ` quantile `q` at the value `y`.
    public static func pinball(level tau: Double, actual y: Double, quantile q: Double) -> Double {
        let u = y - q
        return u > 0 ? tau * u : (tau - 1) * u
    }

    public func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult {
        let (outputs, q) = (target.shape.last ?? 0, levels.count)
        precondition(
            target.rank >= 1 && prediction.shape == target.shape.dropLast() + [q * outputs],
            "QuantileLoss: expected prediction [..., \(q)·\(outputs)] for target \(target.shape), got \(prediction.shape)")
        let scale = weightedMeanScale("QuantileLoss", target: target, weights: weights) / Double(q)
        var dPrediction = Tensor(shape: prediction.shape)
        var total = 0.0
        prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { y in
                dPrediction.withUnsafeMutableBufferPointer { d in
                    forEachWeighted(target.count, weights, scale: scale) { i, w in
                        let actual = Double(y[i])
                        for (j, tau) in levels.enumerated() {
                            let quantile = Double(p[i * q + j])
                            total += w * Self.pinball(level: tau, actual: actual, quantile: quantile)
                            d[i * q + j] = Float(w * (actual > quantile ? -tau : 1 - tau))
                        }
                    }
                }
            }
        }
        return LossResult(value: Float(total), dPrediction: dPrediction)
    }
}
