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

/// A loss comparing real-valued predictions with targets of the same shape, so a trainer
/// can switch between `MSELoss` and `GaussianNLLLoss`.
///
/// `weights`, when given, has the prediction's shape: element `i` contributes with weight
/// `wᵢ ≥ 0` and the loss is the weighted mean `Σ wᵢ·ℓᵢ / Σ wᵢ`. A 0/1 mask (e.g. a
/// washout that excludes the first steps) thus averages over the included elements only.
/// With all weights zero the loss and every gradient are zero. Without weights, every
/// `wᵢ = 1` (PyTorch's `reduction='mean'`).
public protocol RegressionLoss {
    /// The loss of `prediction` against `target` (same shape), with optional `weights`.
    /// Losses with parameters accumulate (`+=`) their gradients into their store.
    func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult
}

extension RegressionLoss {
    /// The unweighted loss (mean over all elements).
    public func evaluate(prediction: Tensor, target: Tensor) -> LossResult {
        evaluate(prediction: prediction, target: target, weights: nil)
    }
}

/// Checks shapes and returns `1 / Σ wᵢ` (`1/count` without weights, `0` if `Σ wᵢ = 0`).
func weightedMeanScale(_ op: String, prediction: Tensor, target: Tensor, weights: Tensor?) -> Double {
    precondition(prediction.shape == target.shape, "\(op): prediction \(prediction.shape) vs target \(target.shape)")
    guard let weights else { return prediction.count == 0 ? 0 : 1 / Double(prediction.count) }
    precondition(weights.shape == prediction.shape, "\(op): weights \(weights.shape) vs prediction \(prediction.shape)")
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
