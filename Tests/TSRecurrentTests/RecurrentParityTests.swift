// Fixtures made by `python3 Utilities/Reference/recurrent_fixtures.py` (PyTorch 2.13,
// float64 reference computation from float32 weights and inputs).
//
// Bound: `expectMatchesReference` with the depth of the longest rounding chain (see
// `Case.depth`), so the test holds on every kernel path and BLAS: the tolerance is what
// Float32 arithmetic guarantees, not what one CPU happened to produce.
import Foundation
import Testing
import TestSupport
import TSNN
import TSRecurrent
import TSTensor

/// The forward values and every gradient of `RecurrentNetwork` against torch.nn.RNN, LSTM
/// and GRU (2 layers, and one LSTM layer of 64 units whose step products take
/// `cgk_small_gemm`; loss `Σ output·R + Σ h_n·Rh (+ Σ c_n·Rc)`).
@Suite struct RecurrentParityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let kind: RecurrentKind
        let bidirectional: Bool
        var testDescription: String { fixture }

        /// The longest chain of Float32 roundings behind any fixture value: a forward and a
        /// backward pass through `T` steps of `L` layers, each step one dot product of at
        /// most `k = max(F, D·H, G·H)` terms (the input projection, `W_hh h`, `dG·W_hh`)
        /// plus ten element-wise operations and transcendentals, then the sums of the
        /// parameter gradients over `T·B` step rows.
        func depth(_ x: Tensor, hidden: Int, layers: Int) -> Int {
            let (steps, batch, features) = (x.shape[0], x.shape[1], x.shape[2])
            let gates = kind.gateCount
            let widest = max(features, (bidirectional ? 2 : 1) * hidden, gates * hidden)
            return 2 * steps * layers * (widest + 10) + steps * batch
        }
    }

    static let cases = [
        Case(fixture: "rnn_tanh", kind: .rnnTanh, bidirectional: false),
        Case(fixture: "rnn_relu", kind: .rnnReLU, bidirectional: false),
        Case(fixture: "lstm", kind: .lstm, bidirectional: false),
        Case(fixture: "gru", kind: .gru, bidirectional: false),
        Case(fixture: "lstm_bidirectional", kind: .lstm, bidirectional: true),
        Case(fixture: "gru_bidirectional", kind: .gru, bidirectional: true),
        Case(fixture: "lstm_h64", kind: .lstm, bidirectional: false),
    ]

    @Test(arguments: cases) func matchesPyTorch(_ c: Case) throws {
        let url = try #require(Bundle.module.url(forResource: c.fixture, withExtension: "json", subdirectory: "Fixtures"))
        let fx = try Fixture(contentsOf: url)
        let x = fx["input"]
        let h0 = fx["h0"]
        let directions = c.bidirectional ? 2 : 1
        let store = ParameterStore()
        var rng = RandomGenerator(seed: 1)
        let network = RecurrentNetwork(
            kind: c.kind, inputSize: x.shape[2], hiddenSize: h0.shape[2], numLayers: h0.shape[0] / directions,
            bidirectional: c.bidirectional, store: store, prefix: "rnn", rng: &rng)
        let pytorchNames = Set(fx.tensors.keys.filter { $0.hasPrefix("weight_") || $0.hasPrefix("bias_") })
        #expect(Set(store.entries.map { String($0.name.dropFirst(4)) }) == pytorchNames)
        for entry in store.entries { store.setValue(entry, fx[String(entry.name.dropFirst(4))]) }

        let lstm = c.kind == .lstm
        let depth = c.depth(x, hidden: h0.shape[2], layers: h0.shape[0] / directions)
        let (output, final) = network.forward(
            x, initialState: RecurrentState(h: h0, c: lstm ? fx["c0"] : nil), training: true)
        expectMatchesReference(output, fx["output"], depth: depth, "\(c.fixture) output")
        expectMatchesReference(final.h, fx["h_n"], depth: depth, "\(c.fixture) h_n")
        if lstm { expectMatchesReference(try #require(final.c), fx["c_n"], depth: depth, "\(c.fixture) c_n") }

        store.zeroGradients()
        let (dInput, dInitial) = network.backward(
            dOutput: fx["R"], dFinalState: RecurrentState(h: fx["Rh"], c: lstm ? fx["Rc"] : nil))
        expectMatchesReference(dInput, fx["grad.input"], depth: depth, "\(c.fixture) grad.input")
        expectMatchesReference(dInitial.h, fx["grad.h0"], depth: depth, "\(c.fixture) grad.h0")
        if lstm {
            expectMatchesReference(try #require(dInitial.c), fx["grad.c0"], depth: depth, "\(c.fixture) grad.c0")
        }
        for entry in store.entries {
            let name = String(entry.name.dropFirst(4))
            expectMatchesReference(store.gradient(entry), fx["grad." + name], depth: depth, "\(c.fixture) grad.\(name)")
        }
    }
}
