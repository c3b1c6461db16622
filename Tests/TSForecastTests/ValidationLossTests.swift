import Testing
import TSForecast
import TSData
import TSNN
import TSTensor

/// `SupervisedTask.validationLoss` averages its batches weighted by their sizes, so the
/// validation batch size (which only bounds the workspaces) does not change the loss.
@Suite struct ValidationLossTests {
    @Test func lossDoesNotDependOnTheValidationBatchSize() throws {
        let (steps, windows, features) = (5, 300, 2)
        var rng = RandomGenerator(seed: 9)
        let x = rng.normalTensor(shape: [steps, windows, features])
        let y = rng.normalTensor(shape: [steps, windows, 1])
        var w = Tensor(shape: [steps, windows, 1])
        for i in ((steps - 1) * windows)..<w.count { w.scalars[i] = 1 }
        /// Windows `indices` of the pool, time-major.
        func gather(_ indices: [Int]) -> WindowBatch {
            func take(_ t: Tensor, _ width: Int) -> Tensor {
                var out = Tensor(shape: [steps, indices.count, width])
                for s in 0..<steps {
                    for (n, i) in indices.enumerated() {
                        for f in 0..<width { out.scalars[(s * indices.count + n) * width + f] = t.scalars[(s * windows + i) * width + f] }
                    }
                }
                return out
            }
            return WindowBatch(inputs: take(x, features), targets: take(y, 1), weights: take(w, 1))
        }
        let network = ForecastNetwork(spec: NetworkSpec(kind: .lstm, inputSize: features, hiddenSize: 6, numLayers: 1, outputSize: 1), seed: 3)
        let losses = try [7, 256, 512].map { size in
            try #require(SupervisedTask(
                network: network, sampleCount: 1, gather: gather, validationCount: windows, gatherValidation: gather,
                validationBatchSize: size
            ).validationLoss())
        }
        #expect(losses[0] > 0)
        for loss in losses.dropFirst() { #expect(abs(loss - losses[0]) <= 1e-6 * losses[0], "\(losses)") }
    }
}
