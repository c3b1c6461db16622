import Testing
import TestSupport
import TSNN
import TSRecurrent
import TSTensor

/// With two OpenBLAS threads a batch of ≥ 32 rows and ≥ 1024 state elements runs its step
/// loop as two parallel row chunks; the results must match the single-threaded, unsplit run.
@Suite(.serialized) struct BatchChunksTests {
    struct Run: Equatable {
        var output: Tensor
        var finalState: RecurrentState
        var dInput: Tensor
        var dInitialState: RecurrentState
        var gradients: Tensor
    }

    static func run(_ kind: RecurrentKind, bidirectional: Bool, threads: Int) -> Run {
        let saved = BLAS.threads
        BLAS.setThreads(threads)
        defer { BLAS.setThreads(saved) }
        var rng = RandomGenerator(seed: 21)
        let store = ParameterStore()
        let network = RecurrentNetwork(
            kind: kind, inputSize: 3, hiddenSize: 128, numLayers: 2, bidirectional: bidirectional, store: store,
            prefix: "rnn", rng: &rng)
        let (steps, batch) = (3, 67)
        let x = rng.normalTensor(shape: [steps, batch, 3])
        var initial = network.zeroState(batch: batch)
        initial.h = rng.normalTensor(shape: initial.h.shape, std: 0.5)
        let forward = network.forward(x, initialState: initial, training: true)
        let dy = rng.normalTensor(shape: forward.output.shape)
        var dFinal = network.zeroState(batch: batch)
        dFinal.h = rng.normalTensor(shape: dFinal.h.shape)
        let backward = network.backward(dOutput: dy, dFinalState: dFinal)
        return Run(
            output: forward.output, finalState: forward.finalState, dInput: backward.dInput,
            dInitialState: backward.dInitialState, gradients: Tensor(shape: [store.count], scalars: store.gradients))
    }

    @Test(arguments: [RecurrentKind.lstm, .gru, .rnnTanh, .rnnReLU], [false, true])
    func chunkedStepLoopMatchesUnsplitRun(kind: RecurrentKind, bidirectional: Bool) {
        let single = Self.run(kind, bidirectional: bidirectional, threads: 1)
        let chunked = Self.run(kind, bidirectional: bidirectional, threads: 2)
        expectClose(chunked.output, single.output, tolerance: 1e-6, "output")
        expectClose(chunked.finalState.h, single.finalState.h, tolerance: 1e-6, "h_n")
        expectClose(chunked.dInput, single.dInput, tolerance: 1e-6, "dInput")
        expectClose(chunked.dInitialState.h, single.dInitialState.h, tolerance: 1e-6, "dh_0")
        if kind == .lstm {
            expectClose(chunked.finalState.c!, single.finalState.c!, tolerance: 1e-6, "c_n")
            expectClose(chunked.dInitialState.c!, single.dInitialState.c!, tolerance: 1e-6, "dc_0")
        }
        // Parameter gradients sum over rows, per chunk and then over chunks: equal up to the
        // summation order (the norm-wise difference is what stays at float precision).
        expectClose(chunked.gradients, single.gradients, tolerance: 1e-2, normTolerance: 1e-6, "gradients")
    }
}
