import TSTraining

/// The one JSON schema of `train`, `evaluate` and `backtest --json`
/// (`docs/REPORT_FORMAT.md`): the scores sit under the same keys whatever produced them,
/// and the parts only one command has are optional members.
///
/// ```json
/// {"schema": "tsforecast-report", "version": 1, "command": "backtest", "model": "lstm",
///  "metrics": {…}, "baselines": {…}, "seconds": 12.3,
///  "training": {…} (train), "folds": [{…}] (backtest)}
/// ```
///
/// `metrics` and `baselines` are the model's and the baselines' scores on the same rows:
/// the test part (`train`), the evaluated rows (`evaluate`), or the mean over folds
/// (`backtest`, `Metrics.mean`, with `count` summed). Keys are snake_case.
public struct RunReport: Codable, Sendable {
    /// The schema name every report carries.
    public static let schemaName = "tsforecast-report"
    /// The schema version this code writes.
    public static let currentVersion = 1

    /// The command that produced a report.
    public enum Command: String, Codable, Sendable {
        /// `tsforecast train`.
        case train
        /// `tsforecast evaluate`.
        case evaluate
        /// `tsforecast backtest`.
        case backtest
    }

    /// How a `train` run went.
    public struct Training: Codable, Sendable {
        /// Scalar parameters trained.
        public var parameters: Int
        /// Epochs run.
        public var epochsRun: Int
        /// The epoch whose weights were kept.
        public var bestEpoch: Int
        /// Whether early stopping ended the run.
        public var stoppedEarly: Bool
        /// The divergence message when training stopped on NaN/Inf.
        public var failure: String?
        /// The training seed.
        public var seed: UInt64
        /// Per-epoch losses and learning rates.
        public var history: [EpochRecord]
        /// An ensemble's members' runs (`TrainingReport.members`); absent for one network.
        public var members: [TrainingReport.Member]?

        enum CodingKeys: String, CodingKey {
            case parameters, failure, seed, history, members
            case epochsRun = "epochs_run", bestEpoch = "best_epoch", stoppedEarly = "stopped_early"
        }
    }

    /// One fold of a backtest.
    public struct Fold: Codable, Sendable {
        /// The fold, from 1.
        public var fold: Int
        /// Rows the fold's model was trained and validated on.
        public var trainRows: Int
        /// Rows of the test block.
        public var testRows: Int
        /// First row of the test block in the file's history.
        public var testStart: Int
        /// Wall time of the fold in seconds.
        public var seconds: Double
        /// The model's scores on the block.
        public var metrics: Metrics
        /// The baselines' scores on the block.
        public var baselines: BaselineReport

        enum CodingKeys: String, CodingKey {
            case fold, seconds, metrics, baselines
            case trainRows = "train_rows", testRows = "test_rows", testStart = "test_start"
        }
    }

    /// `tsforecast-report`.
    public var schema = RunReport.schemaName
    /// The schema version.
    public var version = RunReport.currentVersion
    /// What produced the report.
    public var command: Command
    /// The model family.
    public var model: ModelKind
    /// The model's scores (see the type's documentation for which rows).
    public var metrics: Metrics
    /// The baselines' scores on the same rows.
    public var baselines: BaselineReport
    /// Wall time of the command's work in seconds (training, evaluation, all folds).
    public var seconds: Double
    /// `train` only.
    public var training: Training?
    /// `backtest` only, in order.
    public var folds: [Fold]?
    /// An ensemble's members scored alone on the rows of `metrics` (`train`, `evaluate`);
    /// absent for one network.
    public var ensemble: MemberSpread?
}

extension RunReport {
    /// The report of a training run (`TrainingReport`, as model files keep it).
    public init(training report: TrainingReport, model: ModelKind) {
        self.init(
            command: .train, model: model, metrics: report.test, baselines: report.baselines, seconds: report.trainSeconds,
            training: Training(
                parameters: report.parameters, epochsRun: report.epochsRun, bestEpoch: report.bestEpoch,
                stoppedEarly: report.stoppedEarly, failure: report.failure, seed: report.seed, history: report.history,
                members: report.members),
            ensemble: report.memberTest)
    }

    /// The report of an evaluation that took `seconds`.
    public init(evaluation: EvaluationReport, model: ModelKind, seconds: Double) {
        self.init(
            command: .evaluate, model: model, metrics: evaluation.metrics, baselines: evaluation.baselines, seconds: seconds,
            ensemble: evaluation.members)
    }

    /// The report of a backtest: the means over its folds, and the folds.
    ///
    /// - Precondition: the backtest has at least one fold.
    public init(backtest: BacktestReport, model: ModelKind) {
        self.init(
            command: .backtest, model: model, metrics: .mean(of: backtest.folds.map(\.metrics)),
            baselines: .mean(of: backtest.folds.map(\.baselines)), seconds: backtest.folds.reduce(0) { $0 + $1.seconds },
            folds: backtest.folds.map {
                Fold(
                    fold: $0.fold, trainRows: $0.trainRows, testRows: $0.testRows, testStart: $0.testStart, seconds: $0.seconds,
                    metrics: $0.metrics, baselines: $0.baselines)
            })
    }
}
