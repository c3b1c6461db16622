import TSNN

/// A task that takes its own optimizer steps: the second task shape of `Trainer`, for
/// adversarial training (a discriminator step and a generator step per batch, each with
/// its own store or frozen parameters and its own optimizer).
///
/// The trainer keeps the epochs, the shuffled batches, the progress callback, the NaN stop
/// and, when the task has a validation loss, early stopping with the best weights; the
/// task zeroes gradients, runs forward and backward passes, clips and steps. Learning-rate
/// schedules belong to the task (it owns the optimizers).
public protocol SteppingTask: AnyObject {
    /// Every store the task trains; the trainer snapshots and restores their values.
    var stores: [ParameterStore] { get }
    /// The task's optimizers; the first one's learning rate is recorded per epoch.
    var optimizers: [any Optimizer] { get }
    /// Number of training samples.
    var sampleCount: Int { get }
    /// One batch of the samples `indices`, optimizer steps included; returns the named
    /// losses of the batch (`["discriminator": …, "generator": …]`).
    func trainStep(indices: [Int]) -> [String: Double]
    /// A validation loss in inference mode, or `nil`: then no early stopping, and the
    /// last epoch's weights are kept.
    func validationLoss() -> Double?
}
