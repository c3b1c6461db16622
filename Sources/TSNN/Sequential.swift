import TSTensor

/// A chain of layers: `forward` applies them in order, `backward` in reverse, passing
/// each layer's `dInput` to the one before. Shapes `[B, layers.first.inputSize] →
/// [B, layers.last.outputSize]`.
///
/// A multi-layer perceptron `3 → 5 → 2` with tanh:
/// ```swift
/// let mlp = Sequential([
///     Linear(inputSize: 3, outputSize: 5, store: store, name: "0", rng: &rng),
///     Activation(.tanh, size: 5),
///     Linear(inputSize: 5, outputSize: 2, store: store, name: "2", rng: &rng),
/// ])
/// ```
/// (Naming the linear layers by their index reproduces the `state_dict` names of a
/// PyTorch `nn.Sequential`.)
public final class Sequential: Layer {
    /// The layers, first applied first.
    public let layers: [any Layer]
    public var inputSize: Int { layers[0].inputSize }
    public var outputSize: Int { layers[layers.count - 1].outputSize }

    /// A chain of `layers`; each layer's `outputSize` must equal the next one's `inputSize`.
    public init(_ layers: [any Layer]) {
        precondition(!layers.isEmpty, "Sequential: needs at least one layer")
        for i in 1..<layers.count {
            precondition(
                layers[i - 1].outputSize == layers[i].inputSize,
                "Sequential: layer \(i - 1) outputs \(layers[i - 1].outputSize) features but layer \(i) expects \(layers[i].inputSize)")
        }
        self.layers = layers
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        layers.reduce(input) { x, layer in layer.forward(x, training: training) }
    }

    public func backward(_ dOutput: Tensor) -> Tensor {
        layers.reversed().reduce(dOutput) { d, layer in layer.backward(d) }
    }

    /// A multi-layer perceptron: `Linear(sizes[0] → sizes[1])`, `activation`, …,
    /// `Linear(sizes[n−2] → sizes[n−1])` with no activation after the last layer.
    ///
    /// The linear layers are named by their index in the chain (`0`, `2`, `4`, …, prefixed
    /// by `"<name>."` when `name` is given), so the parameters carry the `state_dict`
    /// names of the same PyTorch `nn.Sequential` (`0.weight`, `0.bias`, `2.weight`, …).
    /// Weights use PyTorch's default initialisation.
    public static func multilayerPerceptron(
        sizes: [Int], activation: Activation.Kind, store: ParameterStore, name: String? = nil, rng: inout RandomGenerator
    ) -> Sequential {
        precondition(sizes.count >= 2, "Sequential.multilayerPerceptron: needs at least input and output sizes, got \(sizes)")
        var layers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            if i > 0 { layers.append(Activation(activation, size: sizes[i])) }
            let index = String(layers.count)
            layers.append(Linear(
                inputSize: sizes[i], outputSize: sizes[i + 1], store: store, name: name.map { "\($0).\(index)" } ?? index, rng: &rng))
        }
        return Sequential(layers)
    }
}
