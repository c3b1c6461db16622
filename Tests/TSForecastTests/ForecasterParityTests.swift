// Reference values: `python3 Utilities/Reference/forecaster_fixtures.py`
// (writes Fixtures/lstm_forecaster_trace.json).
import Foundation
import Testing
import TestSupport
import TSForecast
import TSData
import TSNN
import TSTensor

@Suite struct ForecasterParityTests {
    /// Ten Adam steps of a 2-layer LSTM + linear head on a washout-masked MSE follow
    /// PyTorch's loss trace (≤ 1e-5) and end at PyTorch's parameters (≤ 1e-4: Adam's
    /// `m/√v` step amplifies Float32 rounding of tiny gradients; measured max 3.2e-5).
    @Test func lstmForecasterAdamTraceMatchesPyTorch() throws {
        let url = try #require(Bundle.module.url(forResource: "lstm_forecaster_trace", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try Fixture(contentsOf: url)
        let network = ForecastNetwork(spec: NetworkSpec(kind: .lstm, inputSize: 2, hiddenSize: 6, numLayers: 2), seed: 0)
        for entry in network.store.entries { network.store.setValue(entry, fixture[entry.name]) }
        let batch = WindowBatch(inputs: fixture["x"], targets: fixture["y"], weights: fixture["w"])
        let task = SupervisedTask(network: network, sampleCount: 1, gather: { _ in batch }, validationCount: 0, gatherValidation: { _ in batch })
        let adam = Adam(learningRate: 1e-2)
        var losses: [Float] = []
        for _ in 0..<10 {
            network.store.zeroGradients()
            losses.append(Float(task.trainStep(indices: [0])))
            adam.step(network.store)
        }
        expectClose(Tensor(shape: [10], scalars: losses), fixture["losses"], tolerance: 1e-5, "losses")
        for entry in network.store.entries {
            expectClose(network.store.value(entry), fixture["final.\(entry.name)"], tolerance: 1e-4, "final \(entry.name)")
        }
    }
}
