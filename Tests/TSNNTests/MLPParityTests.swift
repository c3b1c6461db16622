import Testing
import TestSupport
import TSNN
import TSTensor

/// The 3 → 5 tanh → 4 relu → 2 MLP of `Fixtures/mlp.json` (made by
/// `python3 Utilities/Reference/nn_fixtures.py`): outputs, MSE loss, every parameter
/// gradient and the input gradient against PyTorch.
@Suite struct MLPParityTests {
    @Test func forwardAndBackwardMatchPyTorch() throws {
        let f = try loadFixture("mlp")
        let store = ParameterStore()
        let mlp = referenceMLP(store: store, weights: f)
        #expect(store.entries.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        let tape = Tape()
        let output = mlp.forward(f["input"], training: true, tape: tape)
        expectClose(output, f["output"], "output")
        let loss = MSELoss().evaluate(prediction: output, target: f["target"])
        expectClose(Tensor(shape: [1], scalars: [loss.value]), f["loss"], "loss")
        store.zeroGradients()
        let dInput = tape.backward(loss.dPrediction)
        expectClose(dInput, f["grad.input"], "dInput")
        for entry in store.entries {
            expectClose(store.gradient(entry), f["grad." + entry.name], "d" + entry.name)
        }
    }
}
