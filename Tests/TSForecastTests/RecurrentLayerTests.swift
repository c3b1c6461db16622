import Testing
import TestSupport
import TSNN
import TSRecurrent
import TSTensor

/// `RecurrentLayer`, the adapter that puts `RecurrentNetwork` into the `Layer` vocabulary.
/// (Kept here rather than in TSRecurrentTests, which the recurrent kernels' work owns.)
@Suite struct RecurrentLayerTests {
    @Test(arguments: [RecurrentKind.lstm, .gru, .rnnTanh])
    func gradientThroughASequentialChain(kind: RecurrentKind) {
        var rng = RandomGenerator(seed: 41)
        let store = ParameterStore()
        let chain = Sequential([
            RecurrentLayer(kind: kind, inputSize: 2, hiddenSize: 3, scope: store.scope("rnn"), rng: &rng),
            Linear(inputSize: 3, outputSize: 2, scope: store.scope("head"), rng: &rng),
        ], inputShape: [ModuleSummary.time, ModuleSummary.batch, 2])
        #expect(chain.outputShape(for: [4, 3, 2]) == [4, 3, 2])
        #expect(chain.parameters() == store.entries)
        let reports = checkLayer(chain, store: store, input: rng.normalTensor(shape: [4, 3, 2]))
        #expect(reports.count == store.entries.count + 1)
        expectGradientsMatch(reports)
    }

    @Test func frozenRecurrentParametersKeepTheirGradients() {
        var rng = RandomGenerator(seed: 42)
        let store = ParameterStore()
        let layer = RecurrentLayer(kind: .gru, inputSize: 2, hiddenSize: 3, scope: store.scope("gru"), rng: &rng)
        store.freeze(layer)
        let tape = Tape()
        let y = layer.forward(rng.normalTensor(shape: [3, 2, 2]), training: true, tape: tape)
        let dx = tape.backward(Tensor(shape: y.shape, repeating: 1))
        #expect(store.gradients.allSatisfy { $0 == 0 })
        #expect(dx.scalars.contains { $0 != 0 })
    }

    @Test func backwardOfAnEarlierCallTraps() async {
        await #expect(processExitsWith: .failure) {
            var rng = RandomGenerator(seed: 43)
            let store = ParameterStore()
            let layer = RecurrentLayer(kind: .lstm, inputSize: 1, hiddenSize: 2, scope: store.scope("lstm"), rng: &rng)
            let (first, second) = (Tape(), Tape())
            let y = layer.forward(Tensor(shape: [2, 1, 1], repeating: 1), training: true, tape: first)
            _ = layer.forward(Tensor(shape: [2, 1, 1], repeating: 2), training: true, tape: second)
            first.backward(y)
        }
    }
}
