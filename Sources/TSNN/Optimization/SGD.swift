/// Stochastic gradient descent with momentum and L2 weight decay, PyTorch's `optim.SGD`
/// (`dampening = 0`, `nesterov = false`):
///
/// `g ← ∇θ + λ·θ`,  `b ← μ·b + g` (`b = g` on the first step),  `θ ← θ − η·b`
///
/// (`b` is not kept when `μ = 0`: then `θ ← θ − η·g`).
public final class SGD: StatefulOptimizer {
    /// `η`.
    public var learningRate: Float
    /// `μ`.
    public let momentum: Float
    /// `λ`, the L2 coefficient added to the gradient.
    public let weightDecay: Float
    private var velocity: [Float] = []

    /// SGD with learning rate `η`, momentum `μ` and weight decay `λ`.
    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public var state: OptimizerState {
        OptimizerState(learningRate: learningRate, stepCount: 0, vectors: ["momentum_buffer": velocity])
    }

    public func restore(_ state: OptimizerState) throws(OptimizerStateMismatch) {
        let v = try vectors(["momentum_buffer"], of: state)
        (learningRate, velocity) = (state.learningRate, v[0])
    }

    public func step(_ store: ParameterStore) {
        let (lr, mu, wd) = (learningRate, momentum, weightDecay)
        if mu != 0 { prepareState("SGD", &velocity, count: store.count) }
        let ranges = store.trainableRanges
        store.gradients.withUnsafeBufferPointer { g in
            store.values.withUnsafeMutableBufferPointer { p in
                for range in ranges {
                    if mu == 0 {
                        for i in range { p[i] -= lr * (g[i] + wd * p[i]) }
                        continue
                    }
                    velocity.withUnsafeMutableBufferPointer { b in
                        for i in range {
                            b[i] = mu * b[i] + (g[i] + wd * p[i])
                            p[i] -= lr * b[i]
                        }
                    }
                }
            }
        }
    }
}
