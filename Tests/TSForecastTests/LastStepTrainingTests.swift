import Testing
import TestSupport
@testable import TSForecast
import TSData
import TSNN
import TSTensor

/// `SupervisedTask.trainStep` with `lossSpan == .lastStep` takes the head-on-the-last-step
/// path; it must give the loss and gradients of the general path
/// (`forward` → loss on `[T, B, O]` → the tape's backward).
@Suite struct LastStepTrainingTests {
    /// A batch `x [T, B, F]`, `y [T, B, O]` with weights on the last step only (one zero
    /// weight there too).
    static func batch(steps: Int, batch: Int, features: Int, outputs: Int) -> WindowBatch {
        var rng = RandomGenerator(seed: 5)
        var weights = Tensor(shape: [steps, batch, outputs])
        for i in ((steps - 1) * batch * outputs)..<weights.count { weights.scalars[i] = rng.uniform(0.5, 1.5) }
        weights.scalars[weights.count - 1] = 0
        return WindowBatch(
            inputs: rng.normalTensor(shape: [steps, batch, features]), targets: rng.normalTensor(shape: [steps, batch, outputs]),
            weights: weights)
    }

    @Test(arguments: [
        (ModelKind.lstm, LossKind.mse), (.gru, .mse), (.rnn, .mse), (.lstm, .gaussian), (.gru, .quantile),
    ])
    func lastStepPathMatchesGeneralPath(kind: ModelKind, loss: LossKind) {
        let spec = NetworkSpec(
            kind: kind, inputSize: 2, hiddenSize: 5, numLayers: 2, outputSize: 3, loss: loss,
            quantiles: loss == .quantile ? [0.1, 0.5, 0.9] : nil)
        let data = Self.batch(steps: 4, batch: 3, features: 2, outputs: 3)
        let general = ForecastNetwork(spec: spec, seed: 11)
        let tape = Tape()
        let prediction = general.forward(data.inputs, training: true, tape: tape)
        let expected = general.loss.evaluate(prediction: prediction, target: data.targets, weights: data.weights)
        tape.backward(expected.dPrediction)

        let fast = ForecastNetwork(spec: spec, seed: 11)
        let task = SupervisedTask(network: fast, sampleCount: 1, lossSpan: .lastStep, gather: { _ in data }, validationCount: 0, gatherValidation: { _ in data })
        let value = task.trainStep(indices: [0])
        #expect(abs(Float(value) - expected.value) <= 1e-6 * max(1, abs(expected.value)))
        let expectedGradients = Tensor(shape: [general.store.count], scalars: general.store.gradients)
        let gradients = Tensor(shape: [fast.store.count], scalars: fast.store.gradients)
        #expect(expectedGradients.scalars.contains { $0 != 0 })
        expectClose(gradients, expectedGradients, tolerance: 1e-5, "\(kind) \(loss) gradients")
    }
}
