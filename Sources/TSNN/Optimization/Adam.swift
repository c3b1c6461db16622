import CGateKernels
import TSSupport
import TSTensor

/// Adam, PyTorch's `optim.Adam` (`amsgrad = false`), with L2 weight decay coupled to the
/// gradient; `AdamW` is the same update with decoupled decay. At step `t`:
///
/// - coupled (Adam): `g ← ∇θ + λ·θ`; decoupled (AdamW): `θ ← θ − η·λ·θ`, `g ← ∇θ`
/// - `m ← β₁m + (1−β₁)g`,  `v ← β₂v + (1−β₂)g²`
/// - `θ ← θ − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)`  (ε outside the square root)
public class Adam: StatefulOptimizer {
    /// `η`.
    public var learningRate: Float
    /// `β₁`.
    public let beta1: Float
    /// `β₂`.
    public let beta2: Float
    /// `ε`.
    public let epsilon: Float
    /// `λ`.
    public let weightDecay: Float
    /// Whether the decay is decoupled (`AdamW`) instead of added to the gradient.
    public let decoupledWeightDecay: Bool
    /// Steps taken so far (`t` of the last step), shared by all parameters: one frozen for
    /// a while continues with the shared bias correction when unfrozen.
    public private(set) var stepCount = 0
    private var firstMoment: [Float] = []
    private var secondMoment: [Float] = []
    /// The threads a step may use (the `Trainer` hands down `TrainingConfig.threads`): with
    /// two or more, and at least 32,768 trainable parameters, the update runs as near-equal
    /// parts of the trainable parameters in parallel on the worker team. Each parameter's
    /// update is the same arithmetic in any part, so the result does not depend on the count.
    public let threads: ComputeThreads

    /// Adam with L2 weight decay `λ` added to the gradient (PyTorch defaults), stepping on
    /// `threads`.
    public convenience init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0,
        threads: ComputeThreads = .single
    ) {
        self.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            decoupledWeightDecay: false, threads: threads)
    }

    /// Adam with weight decay `λ`, coupled (`decoupledWeightDecay: false`) or decoupled,
    /// stepping on `threads`.
    public init(
        learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float, decoupledWeightDecay: Bool,
        threads: ComputeThreads = .single
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.threads = threads
    }

    public var state: OptimizerState {
        OptimizerState(
            learningRate: learningRate, stepCount: stepCount, vectors: ["exp_avg": firstMoment, "exp_avg_sq": secondMoment])
    }

    public func restore(_ state: OptimizerState) throws(OptimizerStateMismatch) {
        let v = try vectors(["exp_avg", "exp_avg_sq"], of: state)
        (learningRate, stepCount, firstMoment, secondMoment) = (state.learningRate, state.stepCount, v[0], v[1])
    }

    public func step(_ store: ParameterStore) {
        prepareState("Adam", &firstMoment, count: store.count)
        prepareState("Adam", &secondMoment, count: store.count)
        stepCount += 1
        let (lr, b1, b2, eps) = (learningRate, beta1, beta2, epsilon)
        let stepSize = lr / Float(1 - pow(Double(b1), Double(stepCount)))
        let sqrtCorrection2 = Float(sqrt(1 - pow(Double(b2), Double(stepCount))))
        let coupled = decoupledWeightDecay ? 0 : weightDecay
        let shrink = 1 - (decoupledWeightDecay ? lr * weightDecay : 0)
        let ranges = store.trainableRanges
        let total = ranges.reduce(0) { $0 + $1.count }
        guard total > 0 else { return }
        // Vectorised in C (AVX2/FMA when available), one call per run of trainable parameters
        // within each part `[first, last)` of the trainable parameters in store order.
        store.gradients.withUnsafeBufferPointer { g in
            store.values.withUnsafeMutableBufferPointer { p in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        forEachRange(of: total, elements: total, threads: threads) { first, last in
                            forEachPiece(of: ranges, from: first, to: last) { piece in
                                let at = piece.lowerBound
                                cgk_adam_update(
                                    piece.count, p.baseAddress! + at, g.baseAddress! + at, m.baseAddress! + at, v.baseAddress! + at,
                                    shrink, coupled, b1, b2, stepSize, sqrtCorrection2, eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// AdamW, PyTorch's `optim.AdamW`: Adam with decoupled weight decay
/// `θ ← θ − η·λ·θ` applied before the moment update (default `λ = 0.01`).
public final class AdamW: Adam {
    /// AdamW with decoupled weight decay `λ` (PyTorch defaults), stepping on `threads`.
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01,
        threads: ComputeThreads = .single
    ) {
        super.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            decoupledWeightDecay: true, threads: threads)
    }
}
