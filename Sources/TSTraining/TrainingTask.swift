import TSNN
import TSTensor

/// What the `Trainer` fits: a model's parameters plus a way to run one batch.
///
/// Samples are addressed by index `0..<sampleCount`; the task gathers a batch from the
/// indices on demand, so windows are never all materialised.
public protocol TrainingTask: AnyObject {
    /// The parameters being trained (values, gradients).
    var store: ParameterStore { get }
    /// Number of training samples (windows or sub-sequences).
    var sampleCount: Int { get }
    /// Forward and backward on the samples `indices` in training mode: *accumulates*
    /// `∂loss/∂θ` into `store.gradients` and returns the batch's mean loss.
    func trainStep(indices: [Int]) -> Double
    /// Mean loss over the validation samples in inference mode, or `nil` without any.
    func validationLoss() -> Double?
    /// The generators the task draws from while training (its network's dropout layers,
    /// `Module.randomModules`), in a fixed order: checkpoints save and restore them. Empty
    /// (the default) for a task that draws nothing.
    var randomGenerators: [RandomGenerator] { get set }
    /// The batch size of a task whose batches must come in order (a stateful task carries
    /// its recurrent state from each batch to the next): the trainer then visits the
    /// samples `0..<sampleCount` in order, in batches of this size, instead of shuffled
    /// batches of `config.batchSize`. `nil` (the default): shuffled.
    var sequentialBatchSize: Int? { get }
}

extension TrainingTask {
    /// Shuffled batches.
    public var sequentialBatchSize: Int? { nil }

    /// No generators.
    public var randomGenerators: [RandomGenerator] {
        get { [] }
        set { precondition(newValue.isEmpty, "TrainingTask: this task keeps no random generators") }
    }
}
