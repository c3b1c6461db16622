import Testing
import TestSupport
import TSNN
import TSRecurrent
import TSTensor

/// Parameter layout, defaults, accumulation and workspace reuse of `RecurrentNetwork`.
@Suite struct RecurrentNetworkTests {
    @Test func registersPyTorchNamesShapesAndInitialisation() {
        let store = ParameterStore()
        var rng = RandomGenerator(seed: 3)
        let network = RecurrentNetwork(
            kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, store: store,
            prefix: "lstm", rng: &rng)
        #expect(network.outputSize == 8)
        var expected: [String] = []
        for l in 0..<2 {
            for suffix in ["", "_reverse"] {
                expected += ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map { "lstm.\($0)_l\(l)\(suffix)" }
            }
        }
        #expect(store.entries.map(\.name) == expected)
        #expect(store.entry(named: "lstm.weight_ih_l0")?.shape == [16, 3])
        #expect(store.entry(named: "lstm.weight_ih_l1_reverse")?.shape == [16, 8])
        #expect(store.entry(named: "lstm.weight_hh_l1")?.shape == [16, 4])
        #expect(store.entry(named: "lstm.bias_hh_l0_reverse")?.shape == [16])
        #expect(network.parameters(layer: 1, direction: 1).map(\.name) == Array(expected[12..<16]))
        #expect(store.values.allSatisfy { abs($0) <= 0.5 })
        #expect(store.values.contains { abs($0) > 0.45 }, "U(±1/√H) fills the whole range")
    }

    /// A missing initial state is the zero state; it takes the zero-start path (the first
    /// step's recurrent product and its `∂L/∂W_hh` rows skipped), which must agree with
    /// an explicit zero state in outputs and in every gradient.
    @Test(arguments: RecurrentKind.allCases, [false, true])
    func missingStatesMeanZeros(kind: RecurrentKind, bidirectional: Bool) {
        let store = ParameterStore()
        var rng = RandomGenerator(seed: 5)
        let network = RecurrentNetwork(
            kind: kind, inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: bidirectional, store: store,
            prefix: "rnn", rng: &rng)
        let (slices, width) = bidirectional ? (4, 6) : (2, 3)
        let x = rng.normalTensor(shape: [4, 2, 2])
        let zero = network.zeroState(batch: 2)
        #expect(zero.h.shape == [slices, 2, 3] && zero.h.scalars.allSatisfy { $0 == 0 })
        #expect(zero.c?.shape == (kind == .lstm ? [slices, 2, 3] : nil))
        let implicit = network.forward(x, training: false)
        #expect(implicit.finalState.c == nil || kind == .lstm)
        let dy = rng.normalTensor(shape: [4, 2, width])
        let dImplicit = network.backward(dOutput: dy)
        let gradients = store.gradients
        let explicit = network.forward(x, initialState: zero, training: false)
        let dExplicit = network.backward(dOutput: dy, dFinalState: zero)
        #expect(implicit.output == explicit.output)
        #expect(implicit.finalState == explicit.finalState)
        #expect(dImplicit.dInput == dExplicit.dInput)
        #expect(dImplicit.dInitialState == dExplicit.dInitialState)
        for i in 0..<gradients.count { #expect(abs(store.gradients[i] - 2 * gradients[i]) <= 1e-6 * abs(gradients[i]) + 1e-7) }
    }

    @Test func workspacesAreReusedAcrossShapesWithoutStaleState() {
        var rng = RandomGenerator(seed: 8)
        let store = ParameterStore()
        let network = RecurrentNetwork(
            kind: .gru, inputSize: 2, hiddenSize: 10, numLayers: 2, bidirectional: true, dropout: 0.3, store: store,
            prefix: "gru", rng: &rng)
        let small = rng.normalTensor(shape: [3, 2, 2])
        let large = rng.normalTensor(shape: [7, 5, 2])
        let dSmall = rng.normalTensor(shape: [3, 2, 20])
        func run(_ x: Tensor, _ dy: Tensor) -> (Tensor, Tensor, [Float]) {
            store.zeroGradients()
            network.dropoutGenerator = RandomGenerator(seed: 1)
            let y = network.forward(x, training: true).output
            let dx = network.backward(dOutput: dy).dInput
            return (y, dx, store.gradients)
        }
        let first = run(small, dSmall)
        _ = run(large, rng.normalTensor(shape: [7, 5, 20]))
        let again = run(small, dSmall)
        #expect(first.0 == again.0)
        #expect(first.1 == again.1)
        #expect(first.2 == again.2)
    }

    @Test func outputStepsDependOnlyOnThePastForwardAndOnTheFutureInReverse() {
        var rng = RandomGenerator(seed: 9)
        let network = RecurrentNetwork(
            kind: .rnnTanh, inputSize: 1, hiddenSize: 3, bidirectional: true, store: ParameterStore(), prefix: "rnn", rng: &rng)
        var x = rng.normalTensor(shape: [5, 1, 1])
        let before = network.forward(x, training: false).output
        x[4, 0, 0] += 1
        let after = network.forward(x, training: false).output
        for t in 0..<4 {
            for j in 0..<3 { #expect(before[t, 0, j] == after[t, 0, j], "forward half at t = \(t)") }
            #expect((3..<6).contains { before[t, 0, $0] != after[t, 0, $0] }, "reverse half at t = \(t)")
        }
    }
}
