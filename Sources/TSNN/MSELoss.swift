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
        elementwiseLoss("MSELoss", prediction: prediction, target: target, weights: weights) { p, y in
            let e = p - y
            return (e * e, 2 * e)
        }
    }
}
