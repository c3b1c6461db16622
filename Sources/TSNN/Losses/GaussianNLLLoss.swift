import TSSupport
import TSTensor

/// Gaussian negative log-likelihood with a learned, per-output noise variance: the noise
/// model `y = f + ε`, `ε ~ N(0, σ²_o)` of NARX identification with a noise estimate.
///
/// Predictions have shape `[…, O]` (any leading dimensions, e.g. `[B, O]` or `[T, B, O]`);
/// output `o` has the log-variance `s_o = log σ²_o`, the parameter `log_variance` `[O]`
/// registered in the loss's scope (`noise.log_variance`), so the loss is also a leaf of
/// the module tree. Per element (`gaussianNLLTerm`)
///
/// `ℓᵢ = ½ (s_o + (yᵢ − ŷᵢ)² e^{−s_o}) [+ ½ log 2π if full]`,  `L = Σ wᵢ ℓᵢ / Σ wᵢ`,
///
/// `∂L/∂ŷᵢ = wᵢ (ŷᵢ − yᵢ) e^{−s_o} / Σ w`,  `∂L/∂s_o = Σ_{i ∈ o} wᵢ · ½ (1 − (yᵢ − ŷᵢ)² e^{−s_o}) / Σ w`.
///
/// Without weights this equals PyTorch's
/// `F.gaussian_nll_loss(ŷ, y, var=exp(s), full=full, reduction='mean')`. The constant
/// `½ log 2π` is left out by default (`full: false`, as in PyTorch), since it changes
/// neither gradients nor the optimum. `evaluate` accumulates (`+=`) `∂L/∂s` into
/// `store.gradients` unless the log-variance is frozen. For a variance predicted by the
/// network (a VAE decoder) use `PredictedGaussianNLLLoss`.
public final class GaussianNLLLoss: RegressionLoss, Module {
    /// The store holding the log-variance.
    public let store: ParameterStore
    /// `<scope>.log_variance`, shape `[O]`.
    public let logVariance: ParameterEntry
    /// Whether `½ log 2π` is added to every element's loss.
    public let full: Bool
    /// Number of outputs `O` (the last dimension of predictions).
    public var outputSize: Int { logVariance.count }

    /// Registers `log_variance` `[outputSize]` in `scope`, every entry
    /// `initialLogVariance` (default `0`, i.e. `σ² = 1`).
    public init(outputSize: Int, scope: ParameterScope, initialLogVariance: Float = 0, full: Bool = false) {
        self.store = scope.store
        self.full = full
        logVariance = scope.parameter("log_variance", value: Tensor(shape: [outputSize], repeating: initialLogVariance))
    }

    public var ownParameters: [ParameterEntry] { [logVariance] }
    public var summaryName: String { "GaussianNoise" }
    public var summaryDetail: String? { "log σ²" }

    /// The variances `σ²_o = e^{s_o}`, `[O]`.
    public var variance: Tensor { store.value(logVariance).exp() }

    public func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult {
        let outputs = outputSize
        precondition(
            prediction.rank >= 1 && prediction.shape[prediction.rank - 1] == outputs,
            "GaussianNLLLoss: expected prediction [..., \(outputs)], got \(prediction.shape)")
        let scale = weightedMeanScale("GaussianNLLLoss", prediction: prediction, target: target, weights: weights)
        let s = Array(store.values[logVariance.range]).map(Double.init)
        let precision = s.map { exp(-$0) }
        let constant = gaussianNLLConstant(full: full)
        var dPrediction = Tensor(shape: prediction.shape)
        var dS = [Double](repeating: 0, count: outputs)
        var total = 0.0
        prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { y in
                dPrediction.withUnsafeMutableBufferPointer { d in
                    forEachWeighted(prediction.count, weights, scale: scale) { i, w in
                        let o = i % outputs
                        let term = gaussianNLLTerm(
                            error: Double(p[i]) - Double(y[i]), logVariance: s[o], precision: precision[o], constant: constant)
                        total += w * term.loss
                        d[i] = Float(w * term.dMean)
                        dS[o] += w * term.dLogVariance
                    }
                }
            }
        }
        if !store.isFrozen(logVariance) {
            store.gradients.withUnsafeMutableBufferPointer { g in
                for o in 0..<outputs { g[logVariance.offset + o] += Float(dS[o]) }
            }
        }
        return LossResult(value: Float(total), dPrediction: dPrediction)
    }
}
