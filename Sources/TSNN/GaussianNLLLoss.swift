#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TSTensor

/// Gaussian negative log-likelihood with a learned, per-output noise variance
/// (the noise model `y = f + ε`, `ε ~ N(0, σ²_o)` of seed 000).
///
/// Predictions have shape `[…, O]` (any leading dimensions, e.g. `[B, O]` or `[T, B, O]`);
/// output `o` has the log-variance `s_o = log σ²_o`, the parameter
/// `<name>.log_variance` `[O]` registered in `store`. Per element
///
/// `ℓᵢ = ½ (s_o + (yᵢ − ŷᵢ)² e^{−s_o}) [+ ½ log 2π if full]`,  `L = Σ wᵢ ℓᵢ / Σ wᵢ`,
///
/// `∂L/∂ŷᵢ = wᵢ (ŷᵢ − yᵢ) e^{−s_o} / Σ w`,  `∂L/∂s_o = Σ_{i ∈ o} wᵢ · ½ (1 − (yᵢ − ŷᵢ)² e^{−s_o}) / Σ w`.
///
/// Without weights this equals PyTorch's
/// `F.gaussian_nll_loss(ŷ, y, var=exp(s), full=full, reduction='mean')` (its `eps`
/// clamp only matters for `σ² < 1e-6`). The constant `½ log 2π` is left out by default
/// (`full: false`, as in PyTorch), since it changes neither gradients nor the optimum.
/// `evaluate` accumulates (`+=`) `∂L/∂s` into `store.gradients`.
public final class GaussianNLLLoss: RegressionLoss {
    /// The store holding the log-variance.
    public let store: ParameterStore
    /// `<name>.log_variance`, shape `[O]`.
    public let logVariance: ParameterEntry
    /// Whether `½ log 2π` is added to every element's loss.
    public let full: Bool
    /// Number of outputs `O` (the last dimension of predictions).
    public var outputSize: Int { logVariance.count }

    /// Registers `<name>.log_variance` `[outputSize]` in `store`, every entry
    /// `initialLogVariance` (default `0`, i.e. `σ² = 1`).
    public init(outputSize: Int, store: ParameterStore, name: String = "noise", initialLogVariance: Float = 0, full: Bool = false) {
        self.store = store
        self.full = full
        logVariance = store.add(
            "\(name).log_variance", value: Tensor(shape: [outputSize], repeating: initialLogVariance))
    }

    /// The variances `σ²_o = e^{s_o}`, `[O]`.
    public var variance: Tensor { store.value(logVariance).exp() }

    public func evaluate(prediction: Tensor, target: Tensor, weights: Tensor?) -> LossResult {
        let outputs = outputSize
        precondition(
            prediction.rank >= 1 && prediction.shape[prediction.rank - 1] == outputs,
            "GaussianNLLLoss: expected prediction [..., \(outputs)], got \(prediction.shape)")
        let scale = weightedMeanScale("GaussianNLLLoss", prediction: prediction, target: target, weights: weights)
        let s = Array(store.values[logVariance.range])
        let precision = s.map { exp(-Double($0)) }
        let constant = full ? 0.5 * log(2 * Double.pi) : 0
        var dPrediction = Tensor(shape: prediction.shape)
        var dS = [Double](repeating: 0, count: outputs)
        var total = 0.0
        prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { y in
                dPrediction.withUnsafeMutableBufferPointer { d in
                    forEachWeighted(prediction.count, weights, scale: scale) { i, w in
                        let o = i % outputs
                        let e = Double(p[i]) - Double(y[i])
                        let scaledSquare = e * e * precision[o]
                        total += w * (0.5 * (Double(s[o]) + scaledSquare) + constant)
                        d[i] = Float(w * e * precision[o])
                        dS[o] += w * 0.5 * (1 - scaledSquare)
                    }
                }
            }
        }
        store.gradients.withUnsafeMutableBufferPointer { g in
            for o in 0..<outputs { g[logVariance.offset + o] += Float(dS[o]) }
        }
        return LossResult(value: Float(total), dPrediction: dPrediction)
    }
}
