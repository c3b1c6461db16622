import TSTraining
/// What `train --json` prints and model files keep: the run's history and its test
/// metrics under the default protocol beside the baselines on the same rows.
public struct TrainingReport: Codable, Sendable {
    /// The model kind (`lstm`, `gru`, `rnn`, `narx`, `mlp`).
    public var model: String
    /// Scalar parameters trained.
    public var parameters: Int
    /// Epochs run.
    public var epochsRun: Int
    /// The epoch whose weights were kept.
    public var bestEpoch: Int
    /// Wall-clock training time, seconds.
    public var trainSeconds: Double
    /// Whether early stopping ended training.
    public var stoppedEarly: Bool
    /// The divergence message when training stopped on NaN/Inf.
    public var failure: String?
    /// The training seed.
    public var seed: UInt64
    /// Every epoch's record.
    public var history: [EpochRecord]
    /// One-step-ahead metrics on the test part, in original units.
    public var test: Metrics
    /// Baselines on exactly the rows of `test`.
    public var baselines: BaselineReport
    /// An ensemble's members' training runs in member order (`nil` for a single network;
    /// then the fields above describe the run, of an ensemble they describe member 0,
    /// with `parameters` summed over the members and `test` the ensemble's).
    public var members: [Member]?
    /// An ensemble's members' test scores on the rows of `test`, each member forecasting
    /// alone (`nil` for a single network).
    public var memberTest: MemberSpread?

    /// One ensemble member's training run.
    public struct Member: Codable, Sendable, Equatable {
        /// The member's seed (`training.seed + i`).
        public var seed: UInt64
        /// Epochs run.
        public var epochsRun: Int
        /// The epoch whose weights were kept.
        public var bestEpoch: Int
        /// The validation loss of `bestEpoch`; `nil` without a validation part.
        public var bestValidationLoss: Double?
        /// Whether early stopping ended its training.
        public var stoppedEarly: Bool
        /// The divergence message when its training stopped on NaN/Inf.
        public var failure: String?

        enum CodingKeys: String, CodingKey {
            case seed, failure
            case epochsRun = "epochs_run", bestEpoch = "best_epoch", bestValidationLoss = "best_validation_loss", stoppedEarly = "stopped_early"
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, parameters, members
        case memberTest = "member_test"
        case epochsRun = "epochs_run"
        case bestEpoch = "best_epoch"
        case trainSeconds = "train_seconds"
        case stoppedEarly = "stopped_early"
        case failure, seed, history, test, baselines
    }
}
