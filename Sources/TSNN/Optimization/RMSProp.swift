import TSSupport

/// RMSProp, PyTorch's `optim.RMSprop`: the optimizer of the weight-clipped WGAN critic.
/// At every step, for each trainable parameter `θ` with gradient `∇θ`:
///
/// - `g ← ∇θ + λ·θ`,  `v ← α·v + (1−α)·g²`
/// - centered: `ḡ ← α·ḡ + (1−α)·g`, `d = √(v − ḡ²) + ε`; otherwise `d = √v + ε`
/// - with momentum `μ > 0`: `b ← μ·b + g/d`, `θ ← θ − η·b`; otherwise `θ ← θ − η·g/d`
///
/// (`ε` outside the square root, state starting at zero, as in PyTorch.)
public final class RMSProp: StatefulOptimizer {
    /// `η`.
    public var learningRate: Float
    /// `α`, the smoothing constant of the squared-gradient average.
    public let alpha: Float
    /// `ε`.
    public let epsilon: Float
    /// `λ`, the L2 coefficient added to the gradient.
    public let weightDecay: Float
    /// `μ`.
    public let momentum: Float
    /// Whether the gradient's running mean is subtracted (variance instead of second moment).
    public let centered: Bool
    private var squareAverage: [Float] = []
    private var gradientAverage: [Float] = []
    private var velocity: [Float] = []

    /// RMSProp with PyTorch's defaults (`η = 0.01`, `α = 0.99`, `ε = 1e-8`).
    public init(
        learningRate: Float = 1e-2, alpha: Float = 0.99, epsilon: Float = 1e-8, weightDecay: Float = 0, momentum: Float = 0,
        centered: Bool = false
    ) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
    }

    public var state: OptimizerState {
        OptimizerState(
            learningRate: learningRate, stepCount: 0,
            vectors: ["square_avg": squareAverage, "grad_avg": gradientAverage, "momentum_buffer": velocity])
    }

    public func restore(_ state: OptimizerState) throws(OptimizerStateMismatch) {
        let v = try vectors(["square_avg", "grad_avg", "momentum_buffer"], of: state)
        (learningRate, squareAverage, gradientAverage, velocity) = (state.learningRate, v[0], v[1], v[2])
    }

    public func step(_ store: ParameterStore) {
        prepareState("RMSProp", &squareAverage, count: store.count)
        if centered { prepareState("RMSProp", &gradientAverage, count: store.count) }
        if momentum != 0 { prepareState("RMSProp", &velocity, count: store.count) }
        let (lr, a, eps, wd, mu) = (learningRate, alpha, epsilon, weightDecay, momentum)
        for range in store.trainableRanges {
            for i in range {
                let g = store.gradients[i] + wd * store.values[i]
                squareAverage[i] = a * squareAverage[i] + (1 - a) * g * g
                var variance = squareAverage[i]
                if centered {
                    gradientAverage[i] = a * gradientAverage[i] + (1 - a) * g
                    variance -= gradientAverage[i] * gradientAverage[i]
                }
                let scaled = g / (sqrtf(variance) + eps)
                if mu != 0 {
                    velocity[i] = mu * velocity[i] + scaled
                    store.values[i] -= lr * velocity[i]
                } else {
                    store.values[i] -= lr * scaled
                }
            }
        }
    }
}
