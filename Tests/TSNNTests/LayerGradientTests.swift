import Testing
import TestSupport
import TSNN
import TSTensor

/// Centered-difference gradient checks of every layer, w.r.t. parameters and inputs.
@Suite struct LayerGradientTests {
    @Test(arguments: [true, false])
    func linear(bias: Bool) {
        var rng = RandomGenerator(seed: 1)
        let store = ParameterStore()
        let layer = Linear(inputSize: 4, outputSize: 3, bias: bias, scope: store.scope("fc"), rng: &rng)
        #expect(store.entries.map(\.name) == (bias ? ["fc.weight", "fc.bias"] : ["fc.weight"]))
        let reports = checkLayer(layer, store: store, input: rng.normalTensor(shape: [5, 4]))
        #expect(reports.count == (bias ? 3 : 2))
        expectGradientsMatch(reports)
    }

    @Test func linearForwardMatchesFormula() {
        var rng = RandomGenerator(seed: 2)
        let store = ParameterStore()
        let layer = Linear(inputSize: 3, outputSize: 2, scope: store.scope("fc"), rng: &rng)
        let x = rng.normalTensor(shape: [4, 3])
        let w = store.value(layer.weight)
        let b = store.value(layer.bias!)
        let y = layer.forward(x, training: false)
        for r in 0..<4 {
            for o in 0..<2 {
                let expected = (0..<3).reduce(b[o]) { $0 + x[r, $1] * w[o, $1] }
                #expect(abs(y[r, o] - expected) < 1e-5)
            }
        }
    }

    @Test func linearAcceptsAnEmptyBatch() {
        var rng = RandomGenerator(seed: 2)
        let layer = Linear(inputSize: 3, outputSize: 2, scope: ParameterStore().scope("fc"), rng: &rng)
        #expect(layer.forward(Tensor(shape: [0, 3]), training: false).shape == [0, 2])
    }

    @Test func multilayerPerceptronHasPyTorchSequentialNames() {
        var rng = RandomGenerator(seed: 8)
        let store = ParameterStore()
        let mlp = Sequential.multilayerPerceptron(sizes: [3, 4, 5, 2], activation: .tanh, scope: store.scope("net"), rng: &rng)
        #expect(mlp.layers.count == 5)
        #expect(store.entries.map(\.name) == ["net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias", "net.4.weight", "net.4.bias"])
        #expect(store.entries.map(\.shape) == [[4, 3], [4], [5, 4], [5], [2, 5], [2]])
        #expect((mlp.layers[1] as? Activation)?.kind == .tanh)
    }

    static let kinds: [Activation.Kind] = [.identity, .tanh, .sigmoid, .relu, .leakyRelu(slope: 0.1)]

    @Test(arguments: kinds)
    func activation(kind: Activation.Kind) {
        var rng = RandomGenerator(seed: 3)
        let layer = Activation(kind)
        let x = awayFromZero(shape: [4, 6], rng: &rng)
        expectGradientsMatch(checkLayer(layer, store: ParameterStore(), input: x))
    }

    @Test func activationValues() {
        let x = Tensor(shape: [1, 4], scalars: [-2, -0.5, 0.5, 2])
        #expect(Activation(.identity).forward(x, training: false) == x)
        #expect(Activation(.relu).forward(x, training: false).scalars == [0, 0, 0.5, 2])
        #expect(Activation(.leakyRelu(slope: 0.1)).forward(x, training: false).scalars == [-0.2, -0.05, 0.5, 2])
        let s = Activation(.sigmoid).forward(x, training: false)
        #expect(abs(s[0, 3] - 0.880797) < 1e-6)
    }

    @Test func dropoutTrainingModeWithReplayedMask() throws {
        var rng = RandomGenerator(seed: 4)
        let layer = Dropout(probability: 0.4, rng: RandomGenerator(seed: 99))
        let x = TensorBox(rng.normalTensor(shape: [5, 6]))
        let weights = rng.normalTensor(shape: [5, 6])
        func forwardWithFixedMask(tape: Tape? = nil) -> Tensor {
            layer.rng = RandomGenerator(seed: 99)
            return layer.forward(x.value, training: true, tape: tape)
        }
        let tape = Tape()
        let y = forwardWithFixedMask(tape: tape)
        let dInput = tape.backward(weights)
        // The pullback multiplies by the mask, so the mask is the pullback of ones.
        _ = forwardWithFixedMask(tape: tape)
        let mask = tape.backward(Tensor(shape: [5, 6], repeating: 1))
        #expect(mask.scalars.allSatisfy { $0 == 0 || abs($0 - 1 / 0.6) < 1e-6 })
        #expect(mask.scalars.contains(0) && mask.scalars.contains { $0 != 0 })
        #expect(y == x.value * mask)
        let reports = gradientCheck(probes: [Probe.tensor("input", x, analytic: dInput)]) {
            projectedLoss(forwardWithFixedMask(), weights)
        }
        expectGradientsMatch(reports)
    }

    @Test func dropoutKeepsExpectedFractionAndIsIdentityInInference() {
        let layer = Dropout(probability: 0.3, rng: RandomGenerator(seed: 5))
        let x = Tensor(shape: [100, 100], repeating: 1)
        let y = layer.forward(x, training: true)
        let kept = y.scalars.filter { $0 != 0 }.count
        #expect(abs(Float(kept) / 10_000 - 0.7) < 0.02)
        #expect(abs(y.mean() - 1) < 0.03)
        let tape = Tape()
        #expect(layer.forward(x, training: false, tape: tape) == x)
        #expect(tape.backward(y) == y)
    }

    @Test func sequentialMLP() {
        var rng = RandomGenerator(seed: 6)
        let store = ParameterStore()
        let mlp = Sequential([
            Linear(inputSize: 3, outputSize: 6, scope: store.scope("0"), rng: &rng),
            Activation(.tanh),
            Linear(inputSize: 6, outputSize: 5, scope: store.scope("2"), rng: &rng),
            Activation(.sigmoid),
            Linear(inputSize: 5, outputSize: 4, scope: store.scope("4"), rng: &rng),
            Activation(.leakyRelu(slope: 0.2)),
            Linear(inputSize: 4, outputSize: 2, bias: false, scope: store.scope("6"), rng: &rng),
        ], inputShape: [ModuleSummary.batch, 3])
        #expect(mlp.outputShape(for: [4, 3]) == [4, 2])
        let reports = checkLayer(mlp, store: store, input: rng.normalTensor(shape: [4, 3]))
        #expect(reports.count == 8)
        expectGradientsMatch(reports)
    }
}
