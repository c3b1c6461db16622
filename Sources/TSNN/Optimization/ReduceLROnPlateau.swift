/// PyTorch's `ReduceLROnPlateau` in mode `min` with a relative threshold: when the
/// metric has not improved for more than `patience` epochs, the learning rate becomes
/// `max(η·factor, minLearningRate)`.
///
/// A metric `x` improves on the best `x*` when `x < x*·(1 − threshold)`. Each epoch
/// without improvement counts as bad; when the count exceeds `patience`, the rate is
/// reduced (only if it changes by more than `1e-8`), the count resets and `cooldown`
/// epochs follow in which bad epochs are not counted.
///
/// `Codable` with its whole state (settings, best, bad epochs, cooldown left), so a
/// training checkpoint resumes the schedule where it was; `best` starts at +∞, which JSON
/// can hold only with a non-conforming-float strategy.
public struct ReduceLROnPlateau: LearningRateScheduler, Sendable, Codable, Equatable {
    /// Multiplier applied at a plateau.
    public let factor: Float
    /// Bad epochs tolerated before reducing.
    public let patience: Int
    /// Relative improvement required.
    public let threshold: Float
    /// Epochs after a reduction during which bad epochs are not counted.
    public let cooldown: Int
    /// Lower bound of the learning rate.
    public let minLearningRate: Float
    /// The best metric seen so far.
    public private(set) var best = Float.infinity
    /// Epochs since the last improvement (outside cooldown).
    public private(set) var badEpochs = 0
    private var cooldownLeft = 0

    /// A plateau schedule with PyTorch's defaults.
    public init(factor: Float = 0.1, patience: Int = 10, threshold: Float = 1e-4, cooldown: Int = 0, minLearningRate: Float = 0) {
        precondition(factor < 1, "ReduceLROnPlateau: factor must be < 1, got \(factor)")
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
    }

    /// Ends one epoch whose monitored value is `metric`.
    public mutating func step(metric: Float, optimizer: any Optimizer) {
        if metric < best * (1 - threshold) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEpochs = 0
        }
        guard badEpochs > patience else { return }
        let reduced = max(optimizer.learningRate * factor, minLearningRate)
        if optimizer.learningRate - reduced > 1e-8 { optimizer.learningRate = reduced }
        cooldownLeft = cooldown
        badEpochs = 0
    }
}
