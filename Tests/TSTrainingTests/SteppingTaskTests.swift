import Testing
import TSNN
import TSTensor
import TSTraining

/// `Trainer.fit(_: SteppingTask)`: the task steps two optimizers itself; the trainer keeps
/// epochs, batches, the NaN stop and validation-based early stopping with the best weights.
@Suite struct SteppingTaskTests {
    /// Two one-parameter "networks"; every batch gives each a gradient of 1 and an SGD step
    /// of 0.1 (first) and 0.2 (second), so after `n` batches the values are `−0.1n`, `−0.2n`.
    final class TwoOptimizerTask: SteppingTask {
        let first = ParameterStore()
        let second = ParameterStore()
        let optimizers: [any Optimizer] = [SGD(learningRate: 0.1), SGD(learningRate: 0.2)]
        var stores: [ParameterStore] { [first, second] }
        let sampleCount = 10
        var visited: [[Int]] = []
        var nanAtBatch: Int?
        var validation: ((Int) -> Double)?

        init() {
            first.add("d.weight", value: Tensor(shape: [1]))
            second.add("g.weight", value: Tensor(shape: [1]))
        }

        func trainStep(indices: [Int]) -> [String: Double] {
            visited.append(indices)
            for (store, optimizer) in zip(stores, optimizers) {
                store.zeroGradients()
                store.gradients[0] = 1
                optimizer.step(store)
            }
            let generator = visited.count == nanAtBatch ? Double.nan : Double(indices.count)
            return ["discriminator": 1, "generator": generator]
        }

        func validationLoss() -> Double? { validation.map { $0(visited.count) } }
    }

    static func config(epochs: Int, patience: Int = 0) -> TrainingConfig {
        var config = TrainingConfig()
        config.epochs = epochs
        config.batchSize = 4
        config.patience = patience
        return config
    }

    @Test func epochsVisitEverySampleAndAverageTheNamedLosses() {
        let task = TwoOptimizerTask()
        let outcome = Trainer(config: Self.config(epochs: 2)).fit(task)
        #expect(outcome.history.count == 2 && outcome.failure == nil)
        #expect(task.visited.count == 6)  // 3 batches (4, 4, 2) per epoch
        #expect(Array(task.visited[0..<3].joined()).sorted() == Array(0..<10))
        let record = outcome.history[0]
        #expect(record.components?["discriminator"] == 1 && abs(record.components!["generator"]! - 10.0 / 3) < 1e-12)
        #expect(abs(record.trainLoss - (1 + 10.0 / 3)) < 1e-12)
        #expect(record.learningRate == 0.1)
        // Without validation the last epoch's weights stay.
        #expect(abs(task.first.values[0] + 0.6) < 1e-6 && abs(task.second.values[0] + 1.2) < 1e-6)
    }

    @Test func aNonFiniteLossStopsAndRestoresTheLastGoodEpoch() throws {
        let task = TwoOptimizerTask()
        task.nanAtBatch = 5  // epoch 2, batch 2
        let outcome = Trainer(config: Self.config(epochs: 5)).fit(task)
        let failure = try #require(outcome.failure)
        #expect(failure.epoch == 2 && failure.batch == 2 && failure.what == "the generator loss")
        #expect(outcome.history.count == 1 && outcome.bestEpoch == 1)
        #expect(abs(task.first.values[0] + 0.3) < 1e-6 && abs(task.second.values[0] + 0.6) < 1e-6)
    }

    @Test func validationLossStopsEarlyWithTheBestWeights() {
        let task = TwoOptimizerTask()
        task.validation = { batches in abs(Double(batches) - 6) }  // best after epoch 2 (6 batches)
        let outcome = Trainer(config: Self.config(epochs: 10, patience: 2)).fit(task)
        #expect(outcome.stoppedEarly && outcome.bestEpoch == 2 && outcome.history.count == 4)
        #expect(abs(task.first.values[0] + 0.6) < 1e-6 && abs(task.second.values[0] + 1.2) < 1e-6)
    }
}
