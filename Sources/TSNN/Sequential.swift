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
}
