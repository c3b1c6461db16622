import TSTensor

/// A chain of layers, PyTorch's `nn.Sequential`: `forward` applies them in order, each one
/// recording its pullback on the same tape, so the tape's backward runs them in reverse.
/// The children are named by index (`0`, `1`, …) in the module tree.
///
/// Shapes are checked, not counts: `outputShape(for:)` threads a shape through every
/// layer, and each layer traps, naming itself and the shape, when its input does not fit.
/// Given `inputShape` at construction the whole chain is checked at once.
///
/// A multi-layer perceptron `3 → 5 → 2` with tanh:
/// ```swift
/// let net = store.scope("net")
/// let mlp = Sequential([
///     Linear(inputSize: 3, outputSize: 5, scope: net.child(0), rng: &rng),
///     Activation(.tanh),
///     Linear(inputSize: 5, outputSize: 2, scope: net.child(2), rng: &rng),
/// ], inputShape: [ModuleSummary.batch, 3])
/// ```
public final class Sequential: Layer {
    /// The layers, applied in order.
    public let layers: [any Layer]

    /// A chain of `layers`; with `inputShape`, traps unless every layer accepts the
    /// previous one's output shape.
    public init(_ layers: [any Layer], inputShape: [Int]? = nil) {
        precondition(!layers.isEmpty, "Sequential: needs at least one layer")
        self.layers = layers
        if let inputShape { _ = outputShape(for: inputShape) }
    }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        layers.reduce(inputShape) { shape, layer in layer.outputShape(for: shape) }
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        layers.reduce(input) { x, layer in layer.forward(x, training: training, tape: tape) }
    }

    /// A multi-layer perceptron: `Linear(sizes[0] → sizes[1])`, `activation`, …,
    /// `Linear(sizes[n−2] → sizes[n−1])` with no activation after the last layer.
    ///
    /// The linear layers are named by their index in the chain (`0`, `2`, `4`, … under
    /// `scope`), so the parameters carry the `state_dict` names of the same PyTorch
    /// `nn.Sequential` (`net.0.weight`, `net.0.bias`, `net.2.weight`, …). Weights use
    /// PyTorch's default initialisation.
    public static func multilayerPerceptron(
        sizes: [Int], activation: Activation.Kind, scope: ParameterScope, rng: inout RandomGenerator
    ) -> Sequential {
        precondition(sizes.count >= 2, "Sequential.multilayerPerceptron: needs at least input and output sizes, got \(sizes)")
        var layers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            if i > 0 { layers.append(Activation(activation)) }
            layers.append(Linear(inputSize: sizes[i], outputSize: sizes[i + 1], scope: scope.child(layers.count), rng: &rng))
        }
        return Sequential(layers, inputShape: [ModuleSummary.batch, sizes[0]])
    }
}
