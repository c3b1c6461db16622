import TSTensor

/// Mean squared error, PyTorch's `MSELoss(reduction='mean')`, optionally weighted:
///
/// `L = Σ wᵢ (ŷᵢ − yᵢ)² / Σ wᵢ`,  `∂L/∂ŷᵢ = 2 wᵢ (ŷᵢ − yᵢ) / Σ wᵢ`
///
/// (`wᵢ = 1` without weights, so `L = mean((ŷ − y)²)`). Any shape; sums in Double.
public struct MSELoss: RegressionLoss, Sendable {
    /// The mean squared error.
    public init() {}

    public func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult {
        let scale = weightedMeanScale("MSELoss", prediction: prediction, target: target, weights: weights)
        var dPrediction = Tensor(shape: prediction.shape)
        var total = 0.0
        prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { y in
                dPrediction.withUnsafeMutableBufferPointer { d in
                    forEachWeighted(prediction.count, weights, scale: scale) { i, w in
                        let e = Double(p[i]) - Double(y[i])
                        total += w * e * e
                        d[i] = Float(2 * w * e)
                    }
                }
            }
        }
        return LossResult(value: Float(total), dPrediction: dPrediction)
    }
}
