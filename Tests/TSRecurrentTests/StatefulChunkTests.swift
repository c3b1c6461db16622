import Testing
import TestSupport
import TSNN
import TSRecurrent
import TSTensor

/// `RecurrentLayer.forward(_:initialState:training:tape:)`, the chunk step of stateful
/// training: carrying the final state of one chunk into the next reproduces one run over
/// their concatenation, and its pullback is truncated at the chunk boundary (detach).
@Suite struct StatefulChunkTests {
    static let kinds: [RecurrentKind] = [.lstm, .gru, .rnnTanh]

    /// A two-layer layer and a `[2T, B, F]` input cut into two `T`-step chunks.
    struct Setup {
        let layer: RecurrentLayer
        let store: ParameterStore
        let whole: Tensor
        let first: Tensor
        let second: Tensor

        init(kind: RecurrentKind, steps: Int = 6, batch: Int = 3, features: Int = 2, hidden: Int = 5) {
            var rng = RandomGenerator(seed: 21)
            store = ParameterStore()
            layer = RecurrentLayer(kind: kind, inputSize: features, hiddenSize: hidden, numLayers: 2, scope: store.scope("rnn"), rng: &rng)
            whole = rng.normalTensor(shape: [2 * steps, batch, features])
            let half = steps * batch * features
            first = Tensor(shape: [steps, batch, features], scalars: Array(whole.scalars[..<half]))
            second = Tensor(shape: [steps, batch, features], scalars: Array(whole.scalars[half...]))
        }
    }

    /// Same operations in the same order: chunk 2 from chunk 1's final state gives the
    /// outputs of steps `T…2T−1` of one run over the concatenation, and the same final
    /// state. The only possible difference is BLAS rounding a row of the input-projection
    /// GEMM differently for a `[T·B, F]` call than for a `[2T·B, F]` one (`BatchChunks`).
    /// Measured: bit-identical on the AVX-512 and AVX2 paths; on the baseline path
    /// (OpenBLAS Nehalem) the GRU and RNN outputs differ in the last bits. The bound,
    /// 64 u relative to each entry (floor 1e-3), is far below any real error (a dropped or
    /// wrong state is off by order one, as the cold start checked below).
    @Test(arguments: kinds)
    func carriedStateEqualsOneRun(kind: RecurrentKind) {
        let s = Setup(kind: kind)
        let (full, fullFinal) = s.layer.forward(s.whole, initialState: nil, training: false, tape: nil)
        let (_, middle) = s.layer.forward(s.first, initialState: nil, training: false, tape: nil)
        let (second, final) = s.layer.forward(s.second, initialState: middle, training: false, tape: nil)
        let tail = Tensor(shape: second.shape, scalars: Array(full.scalars[(full.count - second.count)...]))
        let tolerance = Float(64 * float32RoundOff)
        expectClose(second, tail, tolerance: tolerance, "outputs of chunk 2")
        expectClose(final.h, fullFinal.h, tolerance: tolerance, "h_n")
        if let c = final.c, let fullC = fullFinal.c { expectClose(c, fullC, tolerance: tolerance, "c_n") }
        #expect((final.c != nil) == (kind == .lstm))
        // Starting chunk 2 from zero instead must make a visible difference (the test sees the state).
        let (cold, _) = s.layer.forward(s.second, initialState: nil, training: false, tape: nil)
        #expect(maxRelativeDifference(cold.scalars, tail.scalars).value > 1e-2)
    }

    /// The pullback of a chunk run from a given (detached) initial state: centred
    /// differences over every parameter and input element with `L = Σ output·R` and the
    /// initial state held constant.
    @Test(arguments: kinds)
    func chunkGradientsMatchFiniteDifferences(kind: RecurrentKind) {
        let s = Setup(kind: kind)
        var rng = RandomGenerator(seed: 5)
        let (_, state) = s.layer.forward(s.first, initialState: nil, training: false, tape: nil)
        let input = TensorBox(s.second)
        let weights = rng.normalTensor(shape: [s.second.shape[0], s.second.shape[1], 5])
        s.store.zeroGradients()
        let tape = Tape()
        _ = s.layer.forward(input.value, initialState: state, training: true, tape: tape)
        let dInput = tape.backward(weights)
        let probes = Probe.parameters(of: s.store) + [Probe.tensor("input", input, analytic: dInput)]
        let reports = gradientCheck(probes: probes) {
            projectedLoss(s.layer.forward(input.value, initialState: state, training: false, tape: nil).output, weights)
        }
        #expect(reports.count == 9)
        expectGradientsMatch(reports)
    }

    /// Detach: the parameter gradient of a loss on chunk 2 is the network's gradient with
    /// `∂L/∂h_0` dropped — exactly the full back-propagation through both chunks minus the
    /// term chunk 1 would receive through the boundary (`backward` of chunk 1 from
    /// `∂L/∂h_n = ∂L/∂h_0` of chunk 2). That term is non-zero here, so a pullback that let
    /// it through would fail. Tolerance: the three gradients add the same per-step terms
    /// in different groupings (one GEMM over `2T·B` rows against two over `T·B`): a few
    /// hundred roundings per entry, bounded by 1e-4 of the gradient's largest entry.
    @Test(arguments: kinds)
    func noGradientCrossesTheBoundary(kind: RecurrentKind) {
        let s = Setup(kind: kind)
        let network = s.layer.network
        var rng = RandomGenerator(seed: 8)
        let (t, b, h) = (s.second.shape[0], s.second.shape[1], 5)
        let weights = rng.normalTensor(shape: [t, b, h])

        // The layer's truncated gradient.
        let (_, state) = s.layer.forward(s.first, initialState: nil, training: false, tape: nil)
        s.store.zeroGradients()
        let tape = Tape()
        _ = s.layer.forward(s.second, initialState: state, training: true, tape: tape)
        _ = tape.backward(weights)
        let truncated = s.store.gradients

        // The gradient that would reach chunk 1 through h_0 (and c_0).
        _ = network.forward(s.second, initialState: state, training: false)
        s.store.zeroGradients()
        let dInitial = network.backward(dOutput: weights).dInitialState
        #expect(dInitial.h.scalars.contains { abs($0) > 1e-3 }, "the boundary term must be non-zero for the test to see it")
        _ = network.forward(s.first, training: false)
        s.store.zeroGradients()
        _ = network.backward(dOutput: Tensor(shape: [t, b, h]), dFinalState: dInitial)
        let crossing = s.store.gradients

        // Full back-propagation through both chunks, loss on chunk 2's steps only.
        _ = network.forward(s.whole, training: false)
        s.store.zeroGradients()
        let dOutput = Tensor(shape: [2 * t, b, h], scalars: Array(repeating: 0, count: t * b * h) + weights.scalars)
        _ = network.backward(dOutput: dOutput)
        let full = s.store.gradients

        let scale = full.reduce(Float(0)) { max($0, abs($1)) }
        let sum = zip(truncated, crossing).map { $0 + $1 }
        let worst = zip(sum, full).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-4 * scale, "truncated + crossing vs full: \(worst) (scale \(scale))")
        let dropped = zip(truncated, full).map { abs($0 - $1) }.max()!
        #expect(dropped > 1e-2 * scale, "the truncated gradient must differ from full BPTT: \(dropped) (scale \(scale))")
    }
}
