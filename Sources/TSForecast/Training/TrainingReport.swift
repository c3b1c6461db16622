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

    enum CodingKeys: String, CodingKey {
        case model, parameters
        case epochsRun = "epochs_run"
        case bestEpoch = "best_epoch"
        case trainSeconds = "train_seconds"
        case stoppedEarly = "stopped_early"
        case failure, seed, history, test, baselines
    }
}
