import Foundation
import Testing
import TestSupport
import TSData
import TSForecast
import TSNN
import TSTensor

@Suite struct SimulationTaskTests {
    /// The L-step simulation loss back-propagates through the feedback of the network's
    /// own predictions: its gradient matches centered differences for every parameter.
    /// With seasonal lags `y(k−4)`, `y(k−6)` the 8-step runs also feed predictions back
    /// through those entries (steps 4…7), which the gradient must follow as well.
    @Test(arguments: [LossKind.mse, .gaussian], [false, true])
    func simulationLossGradientMatchesFiniteDifferences(loss: LossKind, seasonal: Bool) throws {
        var rng = RandomGenerator(seed: 3)
        let rows = 40
        let u = (0..<rows).map { _ in rng.normal() }
        var y = [Float](repeating: 0, count: rows)
        for k in 2..<rows { y[k] = 0.6 * y[k - 1] - 0.2 * y[k - 2] + 0.5 * u[k - 1] + 0.1 * rng.normal() }
        let recording = try TestData.dataset(target: y, inputs: [u]).recordings[0]
        let spec = NARXSpec(outputLags: 3, inputLags: [InputLag(order: 2, delay: 1)], seasonal: seasonal ? SeasonalInputs(lags: [4, 6]) : nil)
        let network = ForecastNetwork(
            spec: NetworkSpec(kind: .narx, inputSize: spec.featureCount, hiddenSize: 6, numLayers: 2, loss: loss), seed: 5)
        let starts = [6, 11, 20, 27]
        let task = SimulationTask(
            network: network, recording: recording, spec: spec, length: 8, washout: 1, starts: starts, validationStarts: starts)
        network.store.zeroGradients()
        let value = task.trainStep(indices: Array(starts.indices))
        let probes = Probe.parameters(of: network.store)
        #expect(abs(value - task.validationLoss()!) < 1e-6 * max(1, abs(value)))
        let reports = gradientCheck(probes: probes, epsilon: 1e-2) { task.validationLoss()! }
        expectGradientsMatch(reports)
    }

    /// With length 1 there is no feedback: the simulation loss equals the one-step loss.
    @Test func oneStepSimulationEqualsTeacherForcing() throws {
        let y = (0..<30).map { Float(sin(Double($0) * 0.4)) }
        let dataset = try TestData.dataset(target: y)
        let spec = NARXSpec.lagged(4)
        let network = ForecastNetwork(spec: NetworkSpec(kind: .mlp, inputSize: 4, hiddenSize: 5), seed: 1)
        let starts = Array(4..<30)
        let task = SimulationTask(network: network, recording: dataset.recordings[0], spec: spec, length: 1, washout: 0, starts: starts, validationStarts: starts)
        let windows = try NARXWindows(dataset, spec: spec, rows: [4..<30])
        let batch = windows.batch(Array(0..<windows.count))
        let expected = network.loss.evaluate(prediction: network.forward(batch.inputs, training: false), target: batch.targets).value
        #expect(abs(Float(task.validationLoss()!) - expected) < 1e-6)
    }
}
