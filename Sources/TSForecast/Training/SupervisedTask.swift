import TSData
import TSNN
import TSTensor
import TSTraining

/// Teacher-forced training of a `ForecastNetwork`: every input holds measured values.
///
/// Serves both shapes the network takes: recurrent batches `x [T, B, F]`, `y [T, B, O]`
/// with loss weights `[T, B, O]` (0 in the washout), and feed-forward/NARX batches
/// `x [B, F]`, `y [B, O]`. Batches are gathered on demand from sample indices, usually from
/// a `WindowSet`. With `lossSpan == .lastStep` (a lag window) and a network that trains its
/// last step directly, a step reads only the last time step's targets and weights.
public final class SupervisedTask: TrainingTask {
    /// The network trained.
    public let network: ForecastNetwork
    public var store: ParameterStore { network.store }
    public let sampleCount: Int
    /// Which steps of each training window the loss reads.
    public let lossSpan: LossSpan
    private let gather: ([Int]) -> WindowBatch
    private let validationCount: Int
    private let gatherValidation: ([Int]) -> WindowBatch
    private let validationBatchSize: Int
    /// The threads every pass may use (carried by its tape).
    public let threads: ComputeThreads

    /// - Parameters:
    ///   - network: the network trained.
    ///   - sampleCount: training samples.
    ///   - lossSpan: which steps of each window the loss reads (validation too).
    ///   - gather: builds the batch of the training samples `indices`.
    ///   - validationCount: validation samples.
    ///   - gatherValidation: builds the batch of the validation samples `indices`.
    ///   - validationBatchSize: samples per validation batch.
    ///   - threads: the threads every pass may use (`TrainingConfig.threads`).
    public init(
        network: ForecastNetwork, sampleCount: Int, lossSpan: LossSpan = .every, gather: @escaping ([Int]) -> WindowBatch,
        validationCount: Int, gatherValidation: @escaping ([Int]) -> WindowBatch, validationBatchSize: Int = 512,
        threads: ComputeThreads = .single
    ) {
        self.threads = threads
        self.network = network
        self.sampleCount = sampleCount
        self.lossSpan = lossSpan
        self.gather = gather
        self.validationCount = validationCount
        self.gatherValidation = gatherValidation
        self.validationBatchSize = validationBatchSize
    }

    /// Training on the windows `train` (their `lossSpan`), validation on `validation`.
    public convenience init(
        network: ForecastNetwork, train: some WindowSet, validation: (some WindowSet)?, validationBatchSize: Int = 512,
        threads: ComputeThreads = .single
    ) {
        self.init(
            network: network, sampleCount: train.count, lossSpan: train.lossSpan, gather: { train.batch($0) },
            validationCount: validation?.count ?? 0, gatherValidation: { validation!.batch($0) },
            validationBatchSize: validationBatchSize, threads: threads)
    }

    public func trainStep(indices: [Int]) -> Double {
        let batch = gather(indices)
        if lossSpan == .lastStep, network.trainsLastStepDirectly {
            let (target, weights) = Self.lastStep(batch)
            return Double(network.trainLastStep(batch.inputs, target: target, weights: weights, threads: threads))
        }
        let tape = Tape(threads: threads)
        let prediction = network.forward(batch.inputs, training: true, tape: tape)
        let result = network.loss.evaluate(prediction: prediction, target: batch.targets, weights: batch.weights)
        tape.backward(result.dPrediction, inputGradient: false)
        return Double(result.value)
    }

    /// The targets and weights `[B, O]` of the last step of a `[T, B, O]` batch (weights all
    /// ones when the batch has none).
    static func lastStep(_ batch: WindowBatch) -> (Tensor, Tensor) {
        let targets = batch.targets
        precondition(targets.rank == 3, "SupervisedTask: a last-step loss needs [T, B, O] targets, got \(targets.shape)")
        let shape = [targets.shape[1], targets.shape[2]]
        let lastStart = targets.count - shape[0] * shape[1]
        let weights = batch.weights.map { Array($0.scalars[lastStart...]) } ?? Array(repeating: 1, count: shape[0] * shape[1])
        return (Tensor(shape: shape, scalars: Array(targets.scalars[lastStart...])), Tensor(shape: shape, scalars: weights))
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
