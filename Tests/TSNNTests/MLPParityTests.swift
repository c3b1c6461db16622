import Testing
import TestSupport
import TSNN
import TSTensor

/// The 3 → 5 tanh → 4 relu → 2 MLP of `Fixtures/mlp.json` (made by
/// `python3 Utilities/Reference/nn_fixtures.py`): outputs, MSE loss, every parameter
/// gradient and the input gradient against PyTorch, within the Float32 bound of
/// `expectMatchesReference`: forward and backward through three layers of dot products of
/// at most 5 terms plus element-wise work, then the parameter gradients' sums over the 4
/// batch rows and the loss's sum over 8 outputs: depth `2·3·(5 + 10) + 4 + 8 = 102`.
@Suite struct MLPParityTests {
    static let depth = 102

    @Test func forwardAndBackwardMatchPyTorch() throws {
        let f = try loadFixture("mlp")
        let store = ParameterStore()
        let mlp = referenceMLP(store: store, weights: f)
        #expect(store.entries.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        let tape = Tape()
        let output = mlp.forward(f["input"], training: true, tape: tape)
        expectMatchesReference(output, f["output"], depth: Self.depth, "output")
        let loss = MSELoss().evaluate(prediction: output, target: f["target"])
        expectMatchesReference(Tensor(shape: [1], scalars: [loss.value]), f["loss"], depth: Self.depth, "loss")
        store.zeroGradients()
        let dInput = tape.backward(loss.dPrediction)
        expectMatchesReference(dInput, f["grad.input"], depth: Self.depth, "dInput")
        for entry in store.entries {
            expectMatchesReference(store.gradient(entry), f["grad." + entry.name], depth: Self.depth, "d" + entry.name)
        }
    }
}
