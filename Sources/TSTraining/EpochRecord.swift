/// One epoch's record.
public struct EpochRecord: Codable, Sendable, Equatable {
    /// The epoch, from 1.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (for a `SteppingTask`, the mean of the
    /// sum of its named losses).
    public var trainLoss: Double
    /// Validation loss after the epoch, when there is a validation part.
    public var validationLoss: Double?
    /// The learning rate the epoch ended with (a `SteppingTask`'s first optimizer's).
    public var learningRate: Float
    /// A `SteppingTask`'s named losses averaged over the epoch (`discriminator`,
    /// `generator`); `nil` for a `TrainingTask`, and then not written to JSON.
    public var components: [String: Double]?

    /// A record; `components` only for stepping tasks.
    public init(epoch: Int, trainLoss: Double, validationLoss: Double?, learningRate: Float, components: [String: Double]? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.learningRate = learningRate
        self.components = components
    }

    enum CodingKeys: String, CodingKey {
        case epoch
        case trainLoss = "train_loss"
        case validationLoss = "val_loss"
        case learningRate = "lr"
        case components
    }
}
