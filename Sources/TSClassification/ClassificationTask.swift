import TSNN
import TSTensor
import TSTraining

/// Training a `Classifier` with softmax cross-entropy, as a `TrainingTask` for `Trainer`.
///
/// `samples` are `[n, length]` (normalised), `classIndices` their classes. A batch is
/// gathered from the indices into `[B] + spec.sampleShape`, run forward in training mode
/// (batch statistics, dropout) with a tape, and the loss's gradient is back-propagated
/// into the classifier's store. The validation loss, when a validation part is given, is
/// the mean cross-entropy in evaluation mode.
public final class ClassificationTask: TrainingTask {
    /// The classifier being trained.
    public let classifier: Classifier
    private let samples: Tensor
    private let classIndices: [Int]
    private let validation: (samples: Tensor, classIndices: [Int])?
    private let loss = SoftmaxCrossEntropyLoss()
    /// The threads every pass may use (carried by its tape; `TrainingConfig.threads`).
    public let threads: ComputeThreads

    /// A task on `samples [n, length]` with `classIndices` (`n` of them), and optionally a
    /// validation part for early stopping; its passes may use `threads`.
    public init(
        classifier: Classifier, samples: Tensor, classIndices: [Int], validation: (samples: Tensor, classIndices: [Int])? = nil,
        threads: ComputeThreads = .single
    ) {
        precondition(
            samples.rank == 2 && samples.shape == [classIndices.count, classifier.spec.length],
            "ClassificationTask: samples \(samples.shape) vs \(classIndices.count) labels of length \(classifier.spec.length)")
        self.classifier = classifier
        self.samples = samples
        self.classIndices = classIndices
        self.validation = validation
        self.threads = threads
    }

    public var store: ParameterStore { classifier.store }
    public var sampleCount: Int { classIndices.count }

    public func trainStep(indices: [Int]) -> Double {
        let length = classifier.spec.length
        var batch = [Float]()
        batch.reserveCapacity(indices.count * length)
        for i in indices { batch += samples.scalars[(i * length)..<((i + 1) * length)] }
        let x = Tensor(shape: [indices.count] + classifier.spec.sampleShape, scalars: batch)
        let tape = Tape(threads: threads)
        let logits = classifier.network.forward(x, training: true, tape: tape)
        let result = loss.evaluate(prediction: logits, target: indices.map { classIndices[$0] })
        tape.backward(result.dPrediction, inputGradient: false)
        return Double(result.value)
    }

    public func validationLoss() -> Double? {
        guard let validation, !validation.classIndices.isEmpty else { return nil }
        let logits = classifier.logits(validation.samples, threads: threads)
        return Double(loss.evaluate(prediction: logits, target: validation.classIndices).value)
    }
}
