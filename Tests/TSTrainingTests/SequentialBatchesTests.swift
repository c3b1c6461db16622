import Testing
import TSNN
import TSTensor
import TSTraining

/// A task with a `sequentialBatchSize` (stateful training) is visited in order, in batches
/// of that size whatever `config.batchSize`, every epoch; without one the order is shuffled.
@Suite struct SequentialBatchesTests {
    final class RecordingTask: TrainingTask {
        let store = ParameterStore()
        let sampleCount = 10
        let sequentialBatchSize: Int?
        var seen: [[Int]] = []

        init(sequentialBatchSize: Int?) {
            self.sequentialBatchSize = sequentialBatchSize
            store.add("w", value: Tensor(shape: [1]))
        }

        func trainStep(indices: [Int]) -> Double {
            seen.append(indices)
            return 1
        }

        func validationLoss() -> Double? { nil }
    }

    static func config() -> TrainingConfig {
        var config = TrainingConfig()
        (config.epochs, config.batchSize, config.patience, config.seed) = (2, 4, 0, 3)
        return config
    }

    @Test func batchesComeInOrderEveryEpoch() {
        let task = RecordingTask(sequentialBatchSize: 5)
        _ = Trainer(config: Self.config()).fit(task)
        #expect(task.seen == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])
    }

    @Test func otherTasksAreShuffled() {
        let task = RecordingTask(sequentialBatchSize: nil)
        _ = Trainer(config: Self.config()).fit(task)
        #expect(task.seen.count == 6)  // ⌈10/4⌉ batches of config.batchSize, 2 epochs
        #expect(task.seen.prefix(3).joined().sorted() == Array(0..<10))
        #expect(Array(task.seen.prefix(3).joined()) != Array(0..<10))
    }
}
