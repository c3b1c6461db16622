import TSNN
import TSTensor
import TSTraining

/// Teacher-forced training of a `ForecastNetwork`: every input holds measured values.
///
/// Serves both shapes the network takes: recurrent batches `x [T, B, F]`, `y [T, B, O]`
/// with loss weights `[T, B, O]` (0 in the washout, or everywhere but the last step of a
/// lag window), and feed-forward/NARX batches `x [B, F]`, `y [B, O]`. Batches are
/// gathered on demand by `gather` from sample indices.
public final class SupervisedTask: TrainingTask {
    /// One gathered batch.
    public struct Batch {
        public var inputs: Tensor
        public var targets: Tensor
        /// Loss weights of the targets' shape, or `nil` for all ones.
        public var weights: Tensor?
        public init(inputs: Tensor, targets: Tensor, weights: Tensor? = nil) {
            self.inputs = inputs
            self.targets = targets
            self.weights = weights
        }
    }

    public let network: ForecastNetwork
    public var store: ParameterStore { network.store }
    public let sampleCount: Int
    private let gather: ([Int]) -> Batch
    private let validationCount: Int
    private let gatherValidation: ([Int]) -> Batch
    private let validationBatchSize: Int
    /// The threads every pass may use (carried by its tape).
    public let threads: ComputeThreads

    /// - Parameters:
    ///   - network: the network trained.
    ///   - sampleCount: training samples.
    ///   - gather: builds the batch of the training samples `indices`.
    ///   - validationCount: validation samples.
    ///   - gatherValidation: builds the batch of the validation samples `indices`.
    ///   - validationBatchSize: samples per validation batch.
    ///   - threads: the threads every pass may use (`TrainingConfig.threads`).
    public init(
        network: ForecastNetwork, sampleCount: Int, gather: @escaping ([Int]) -> Batch,
        validationCount: Int, gatherValidation: @escaping ([Int]) -> Batch, validationBatchSize: Int = 512,
        threads: ComputeThreads = .single
    ) {
        self.threads = threads
        self.network = network
        self.sampleCount = sampleCount
        self.gather = gather
        self.validationCount = validationCount
        self.gatherValidation = gatherValidation
        self.validationBatchSize = validationBatchSize
    }

    public func trainStep(indices: [Int]) -> Double {
        let batch = gather(indices)
        if network.trainsLastStepDirectly, let weights = batch.weights, let (target, lastWeights) = Self.lastStepOnly(batch.targets, weights) {
            return Double(network.trainLastStep(batch.inputs, target: target, weights: lastWeights, threads: threads))
        }
        let tape = Tape(threads: threads)
        let prediction = network.forward(batch.inputs, training: true, tape: tape)
        let result = network.loss.evaluate(prediction: prediction, target: batch.targets, weights: batch.weights)
        tape.backward(result.dPrediction)
        return Double(result.value)
    }

    /// The targets and weights `[B, O]` of the last step when `weights [T, B, O]` is zero on
    /// every earlier step (a lag window's loss), else `nil`.
    static func lastStepOnly(_ targets: Tensor, _ weights: Tensor) -> (Tensor, Tensor)? {
        guard weights.rank == 3, targets.shape == weights.shape else { return nil }
        let slice = weights.shape[1] * weights.shape[2]
        let lastStart = weights.count - slice
        let masked = weights.withUnsafeBufferPointer { w in (0..<lastStart).allSatisfy { w[$0] == 0 } }
        guard masked else { return nil }
        let shape = [weights.shape[1], weights.shape[2]]
        return (Tensor(shape: shape, scalars: Array(targets.scalars[lastStart...])),
                Tensor(shape: shape, scalars: Array(weights.scalars[lastStart...])))
    }

    /// The validation loss, averaged over batches weighted by their sample counts.
    public func validationLoss() -> Double? {
        guard validationCount > 0 else { return nil }
        var total = 0.0
        for start in stride(from: 0, to: validationCount, by: validationBatchSize) {
            let indices = Array(start..<min(start + validationBatchSize, validationCount))
            let batch = gatherValidation(indices)
            let prediction = network.forward(batch.inputs, training: false, tape: .inference(threads: threads))
            total += Double(network.loss.evaluate(prediction: prediction, target: batch.targets, weights: batch.weights).value) * Double(indices.count)
        }
        return total / Double(validationCount)
    }
}
