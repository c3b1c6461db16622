import Testing
import TestSupport
import TSNN
import TSTensor

/// One convolution-layer case of `Utilities/Reference/cnn_layer_fixtures.py`: how to build
/// the layer (same options as the PyTorch module), its mode, and the rounding depth of its
/// longest chain (for `expectMatchesReference`).
struct CNNLayerCase: CustomTestStringConvertible, Sendable {
    let name: String
    let training: Bool
    /// Longest chain of Float32 roundings behind one compared element (see each case).
    let depth: Int
    let build: @Sendable (ParameterScope) -> any Layer

    var testDescription: String { name }

    static let all: [CNNLayerCase] = [
        // Forward C_in·k + 1 = 10 terms, dx C_out·k = 12, dW B·T_out = 14.
        CNNLayerCase(name: "conv1d", training: false, depth: 14) { scope in
            var rng = RandomGenerator(seed: 0)
            return Convolution.conv1d(
                inChannels: 3, outChannels: 4, kernelSize: 3, stride: 2, padding: .explicit(1), dilation: 2, scope: scope, rng: &rng)
        },
        // dW sums B·T = 20 products.
        CNNLayerCase(name: "conv1d_causal", training: false, depth: 20) { scope in
            var rng = RandomGenerator(seed: 0)
            return Convolution.conv1d(inChannels: 3, outChannels: 2, kernelSize: 3, padding: .causal, dilation: 2, scope: scope, rng: &rng)
        },
        // dW sums B·H_out·W_out = 2·4·5 = 40 products.
        CNNLayerCase(name: "conv2d", training: false, depth: 40) { scope in
            var rng = RandomGenerator(seed: 0)
            return Convolution.conv2d(
                inChannels: 2, outChannels: 3, kernelSize: (3, 2), height: ConvAxis(stride: 2, padding: .explicit(1)), bias: false,
                scope: scope, rng: &rng)
        },
        // Pooling: a window of at most 9 elements; max pooling moves values exactly.
        CNNLayerCase(name: "maxpool1d", training: false, depth: 1) { _ in Pooling.maxPool1d(kernelSize: 3, stride: 2, padding: 1) },
        CNNLayerCase(name: "maxpool2d", training: false, depth: 1) { _ in Pooling.maxPool2d(kernelSize: 2, ceilMode: true) },
        CNNLayerCase(name: "avgpool1d", training: false, depth: 4) { _ in
            Pooling.avgPool1d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)
        },
        CNNLayerCase(name: "avgpool2d", training: false, depth: 10) { _ in Pooling.avgPool2d(kernelSize: 3, stride: 2, padding: 1) },
        CNNLayerCase(name: "gap", training: false, depth: 8) { _ in GlobalAveragePool() },
        CNNLayerCase(name: "flatten", training: false, depth: 1) { _ in Flatten() },
        // Batch norm: statistics over N = 20 values summed in Double, then about 10 Float32
        // roundings per element (see BatchNormParityTests); the running statistics after a
        // warm-up call and this one, 5 roundings each.
        CNNLayerCase(name: "bn1d_train", training: true, depth: 20) { scope in BatchNorm(channels: 3, spatialAxes: 1, scope: scope) },
        CNNLayerCase(name: "bn2d_eval", training: false, depth: 10) { scope in BatchNorm(channels: 2, spatialAxes: 2, scope: scope) },
        // Three convolutions with batch norm in training mode, forward and backward: the chain
        // adds each convolution's dot product (2·5 + 1, 3·4 + 1, 3·3 + 1 = 34 forward, 60 for
        // dx), three batch norms (≈ 10 each, both ways) and a dW sum of B·T = 27 products: 181.
        CNNLayerCase(name: "residual", training: true, depth: 181) { scope in
            var rng = RandomGenerator(seed: 0)
            return ResidualBlock(inChannels: 2, outChannels: 3, kernelSizes: [5, 4, 3], scope: scope, rng: &rng)
        },
        // Two 3·3-term convolutions and two evaluation batch norms, both ways, dW over 14 terms.
        CNNLayerCase(name: "residual_identity", training: false, depth: 90) { scope in
            var rng = RandomGenerator(seed: 0)
            return ResidualBlock(inChannels: 3, outChannels: 3, kernelSizes: [3, 3], scope: scope, rng: &rng)
        },
        // An output sums at most C_in·k = 9 products and the bias, dx C_out·k = 6, dW B·T = 12.
        CNNLayerCase(name: "convtranspose1d", training: false, depth: 12) { scope in
            var rng = RandomGenerator(seed: 0)
            return TransposedConvolution(
                inChannels: 3, outChannels: 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, dilation: 2, scope: scope, rng: &rng)
        },
        CNNLayerCase(name: "unflatten", training: false, depth: 1) { _ in Unflatten([3, 4]) },
    ]
}

/// PyTorch parity of the convolution layers on `Fixtures/cnn_layers.json`: the layer's
/// `state_dict` names and shapes are PyTorch's (every fixture parameter and buffer loads by
/// name, none is left over), and the output, `dx`, every parameter gradient and every buffer
/// after the call (running statistics, `num_batches_tracked`) match, within the rounding
/// bound of `expectMatchesReference` at each case's depth.
@Suite struct CNNLayerParityTests {
    @Test(arguments: CNNLayerCase.all)
    func matchesPyTorch(c: CNNLayerCase) throws {
        let f = try loadFixture("cnn_layers")
        let store = ParameterStore()
        let layer = c.build(store.scope())
        let stateNames = Set(f.tensors.keys.filter { $0.hasPrefix(c.name + ".param.") }.map { String($0.dropFirst(c.name.count + 7)) })
        #expect(Set(store.entries.map(\.name) + store.bufferEntries.map(\.name)) == stateNames, "state_dict names")
        for entry in store.entries { store.setValue(entry, f["\(c.name).param.\(entry.name)"]) }
        for entry in store.bufferEntries { store.setBufferValue(entry, f["\(c.name).param.\(entry.name)"]) }

        let x = f["\(c.name).x"]
        let tape = Tape()
        let y = layer.forward(x, training: c.training, tape: tape)
        #expect(y.shape == layer.outputShape(for: x.shape))
        expectMatchesReference(y, f["\(c.name).output"], depth: c.depth, "\(c.name) output")
        store.zeroGradients()
        let dx = tape.backward(f["\(c.name).dy"])
        expectMatchesReference(dx, f["\(c.name).grad.x"], depth: c.depth, "\(c.name) dx")
        for entry in store.entries {
            expectMatchesReference(store.gradient(entry), f["\(c.name).grad.\(entry.name)"], depth: c.depth, "\(c.name) d\(entry.name)")
        }
        for entry in store.bufferEntries {
            expectMatchesReference(store.bufferValue(entry), f["\(c.name).after.\(entry.name)"], depth: c.depth, "\(c.name) \(entry.name)")
        }
    }
}
