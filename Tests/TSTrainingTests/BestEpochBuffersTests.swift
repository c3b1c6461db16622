import Testing
import TSNN
import TSTensor
import TSTraining

/// The trainer restores the best epoch's buffers with its weights: a model with batch norm
/// would otherwise keep the last epoch's running statistics beside the best epoch's
/// weights, which they were not computed for.
@Suite struct BestEpochBuffersTests {
    /// One parameter and one buffer (`count`, like `num_batches_tracked`) that each training
    /// batch increments; the validation loss is best after epoch 2.
    final class CountingTask: TrainingTask {
        let store = ParameterStore()
        let sampleCount = 8
        let count: ParameterEntry
        var batches = 0

        init() {
            store.add("w", value: Tensor(shape: [1]))
            count = store.addBuffer("count", value: Tensor(shape: [1]))
        }

        func trainStep(indices: [Int]) -> Double {
            batches += 1
            store.bufferValues[count.offset] += 1
            store.gradients[0] = 1
            return 1
        }

        func validationLoss() -> Double? { abs(Double(batches) - 4) }  // 2 batches per epoch
    }

    @Test func buffersComeBackWithTheBestWeights() {
        let task = CountingTask()
        var config = TrainingConfig()
        config.epochs = 5
        config.batchSize = 4
        config.patience = 0
        config.optimizer = .sgd
        config.momentum = 0
        config.learningRate = 0.5
        let outcome = Trainer(config: config).fit(task)
        #expect(outcome.bestEpoch == 2 && outcome.history.count == 5 && task.batches == 10)
        #expect(task.store.bufferValues == [4], "the buffer as it was after epoch 2, not 10")
        #expect(task.store.values == [-2], "four SGD steps of 0.5")
    }
}
