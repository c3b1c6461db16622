import Testing
import TestSupport
import TSNN
@testable import TSRecurrent
import TSTensor

/// With two compute threads a batch of ≥ 32 rows and ≥ 1024 state elements runs its step
/// loop as two parallel row chunks. The chunked run repeats itself bit for bit, and agrees
/// with the single-threaded, unsplit run within the Float32 bound: BLAS (and so the step
/// products on paths below AVX-512) may round a row differently with a different row
/// count, so bitwise agreement across chunk counts is not promised.
@Suite(.serialized) struct BatchChunksTests {
    static let (steps, batch, hidden, layers) = (3, 67, 128, 2)
    struct Run: Equatable {
        var output: Tensor
        var finalState: RecurrentState
        var dInput: Tensor
        var dInitialState: RecurrentState
        var gradients: Tensor
    }

    static func run(_ kind: RecurrentKind, bidirectional: Bool, threads: Int) -> Run {
        var rng = RandomGenerator(seed: 21)
        let store = ParameterStore()
        let network = RecurrentNetwork(
            kind: kind, inputSize: 3, hiddenSize: hidden, numLayers: layers, bidirectional: bidirectional, store: store,
            prefix: "rnn", rng: &rng)
        let x = rng.normalTensor(shape: [steps, batch, 3])
        var initial = network.zeroState(batch: batch)
        initial.h = rng.normalTensor(shape: initial.h.shape, std: 0.5)
        let forward = network.forward(x, initialState: initial, training: true, threads: try! ComputeThreads(count: threads))
        let dy = rng.normalTensor(shape: forward.output.shape)
        var dFinal = network.zeroState(batch: batch)
        dFinal.h = rng.normalTensor(shape: dFinal.h.shape)
        let backward = network.backward(dOutput: dy, dFinalState: dFinal)
        return Run(
            output: forward.output, finalState: forward.finalState, dInput: backward.dInput,
            dInitialState: backward.dInitialState, gradients: Tensor(shape: [store.count], scalars: store.gradients))
    }

    /// Two chunks really run at two threads, so the tests below cannot pass by comparing
    /// two unsplit runs.
    static func expectTwoChunks() {
        #expect(BatchChunks.count(batch: batch, hidden: hidden, threads: try! ComputeThreads(count: 2)) == 2)
    }

    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two row chunks"),
          arguments: [RecurrentKind.lstm, .gru, .rnnTanh, .rnnReLU], [false, true])
    func chunkedRunIsBitwiseReproducible(kind: RecurrentKind, bidirectional: Bool) {
        Self.expectTwoChunks()
        let first = Self.run(kind, bidirectional: bidirectional, threads: 2)
        let second = Self.run(kind, bidirectional: bidirectional, threads: 2)
        #expect(first == second, "two runs at the same thread count differ (kernel path \(KernelPath.current))")
    }

    /// Each run is within `λ·√n·u` of the exact result (`expectMatchesReference`), so the two
    /// are within twice that, `λ·√(4n)·u`, of each other: `n` is the rounding depth of the
    /// recurrent parity fixtures' formula (forward and backward through `T` steps of `L`
    /// layers, dot products of `max(F, D·H, G·H)` terms, then sums over `T·B` rows).
    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two row chunks"),
          arguments: [RecurrentKind.lstm, .gru, .rnnTanh, .rnnReLU], [false, true])
    func chunkedRunMatchesUnsplitRun(kind: RecurrentKind, bidirectional: Bool) {
        Self.expectTwoChunks()
        let single = Self.run(kind, bidirectional: bidirectional, threads: 1)
        let chunked = Self.run(kind, bidirectional: bidirectional, threads: 2)
        let widest = max(3, (bidirectional ? 2 : 1) * Self.hidden, kind.gateCount * Self.hidden)
        let depth = 4 * (2 * Self.steps * Self.layers * (widest + 10) + Self.steps * Self.batch)
        expectMatchesReference(chunked.output, single.output, depth: depth, "output")
        expectMatchesReference(chunked.finalState.h, single.finalState.h, depth: depth, "h_n")
        expectMatchesReference(chunked.dInput, single.dInput, depth: depth, "dInput")
        expectMatchesReference(chunked.dInitialState.h, single.dInitialState.h, depth: depth, "dh_0")
        if kind == .lstm {
            expectMatchesReference(chunked.finalState.c!, single.finalState.c!, depth: depth, "c_n")
            expectMatchesReference(chunked.dInitialState.c!, single.dInitialState.c!, depth: depth, "dc_0")
        }
        expectMatchesReference(chunked.gradients, single.gradients, depth: depth, "gradients")
    }
}
