/// Adjusts an optimizer's learning rate once per epoch.
///
/// `metric` is the epoch's monitored value (e.g. validation loss); schedules that do not
/// monitor anything ignore it.
public protocol LearningRateScheduler {
    /// Ends one epoch: updates `optimizer.learningRate`.
    mutating func step(metric: Float, optimizer: any Optimizer)
}
