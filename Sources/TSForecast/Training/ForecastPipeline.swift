import TSData
import TSNN
import TSSupport
import TSTraining

/// A trained model with its run.
public struct TrainingRun: Sendable {
    /// The trained model (best epoch's weights).
    public var model: ForecastModel
    /// Every epoch's record, the best epoch and a training failure, if any.
    public var outcome: TrainingOutcome
    /// The report the model file keeps (test scores beside the baselines).
    public var report: TrainingReport
}

/// The default protocol, end to end: read the CSV, split chronologically (70/15/15 of
/// the target rows unless the setup says otherwise), fit the transforms and scalers on the
/// training part, train, and score one-step-ahead predictions of the test part in
/// original units beside the baselines on the same rows.
public enum ForecastPipeline {
    /// Trains on `file` as `setup` asks; `progress` sees every epoch (return `false` to stop);
    /// `checkpoints` saves checkpoints and resumes from one (`Trainer.fit(_:plan:)`).
    ///
    /// - Throws: `SetupError` for an invalid setup (before reading `file`), `DataError`,
    ///   `BaselineError`, `CheckpointError`.
    public static func train(
        file: String, setup: ForecastSetup, progress: ((EpochRecord) -> Bool)?, checkpoints: CheckpointPlan? = nil
    ) throws -> TrainingRun {
        try setup.validate()
        guard setup.idColumn == nil else {
            throw SetupError(.idColumn, "a long-format file (\(.idColumn)) holds many series: train one global model on them (GlobalPipeline)")
        }
        return try train(series: try SeriesLoader.load(file: file, setup: setup), setup: setup, progress: progress, checkpoints: checkpoints)
    }

    /// Trains on `series` (from a file or from arrays: `LoadedSeries(name:target:…)`) as
    /// `setup` asks; the setup's column names are taken from the series. Same data, setup
    /// and seed give the same model file as `train(file:setup:progress:)`.
    ///
    /// Training runs on the calling thread; `progress` sees every epoch (return `false` to
    /// stop). Cancelling the calling `Task` stops training after the current epoch and
    /// returns the run with the best epoch's weights (`outcome.history` ends there). An
    /// ensemble (`setup.ensemble` > 1) trains up to `min(N, threads)` members at once, on
    /// the calling thread and worker threads; `progress` then sees every member's epochs,
    /// one call at a time, and stopping stops them all (`EnsembleTraining`).
    ///
    /// - Throws: `SetupError`, `DataError`, `BaselineError`.
    public static func train(
        series: consuming LoadedSeries, setup: ForecastSetup, progress: ((EpochRecord) -> Bool)?, checkpoints: CheckpointPlan? = nil
    ) throws -> TrainingRun {
        let split = try DataSplit(series.dataset, rule: setup.splitRule)
        return try train(loaded: series, setup: setup, split: split, progress: progress, checkpoints: checkpoints)
    }

    /// Trains on the train part of `split`, validates on its validation part and reports
    /// metrics on its test part. A `calendar` of `auto` is resolved from the series' time
    /// step, and `autoDifference` from the training part (`DifferenceSelection`); the model
    /// file stores the features and the order chosen.
    ///
    /// Memory: `loaded` is consumed and put in model space in place (when the caller hands
    /// over the only reference, no second copy of the series exists); of the original
    /// values only the test part, the `max(lostRows, m, 1)` rows before it and two
    /// statistics of the training part are kept for the evaluation (`ReferenceTarget`).
    public static func train(
        loaded: consuming LoadedSeries, setup: ForecastSetup, split: DataSplit, progress: ((EpochRecord) -> Bool)?,
        checkpoints: CheckpointPlan? = nil
    ) throws -> TrainingRun {
        var setup = setup
        (setup.target, setup.inputs, setup.timeColumn) = (loaded.columns.target, loaded.columns.inputs, loaded.columns.time)
        try setup.validate()
        setup.calendar = try setup.calendar.resolved(time: loaded.time, file: loaded.recording.file)
        setup = setup.resolvingDifference(trainingParts: [loaded.recording.target[split.rows(.train, recording: 0)]])
        let transform = TargetTransform(
            log: setup.log, differences: setup.difference, seasonalPeriod: setup.seasonalDifference ? (setup.season ?? 0) : 0)
        let preprocessor = try Preprocessor.fit(
            loaded.dataset, split: split, transform: transform, scaler: setup.scale)
        let testRows = split.rows(.test, recording: 0)
        let lead = max(transform.lostRows, setup.season ?? 1, 1)
        let reference = ReferenceTarget(
            loaded.recording.target, from: max(0, testRows.lowerBound - lead), training: split.rows(.train, recording: 0),
            seasonalPeriod: setup.season ?? 1)
        let (file, columns, time) = (loaded.recording.file, loaded.columns, loaded.time)
        var modelData = (consume loaded).dataset
        try preprocessor.apply(inPlace: &modelData)
        let fitted = try fit(setup: setup, data: modelData, split: split, progress: progress, checkpoints: checkpoints)
        let model = fitted.model(setup: setup, columns: columns, preprocessing: preprocessor, time: time)
        let evaluation = try model.evaluate(
            modelData.recordings[0], reference: reference, rows: testRows, mode: .oneStep, file: file, details: false)
        model.metadata.training = fitted.report(
            setup: setup, test: evaluation.metrics, baselines: evaluation.baselines, memberTest: evaluation.members)
        return TrainingRun(model: model, outcome: fitted.outcome, report: model.metadata.training!)
    }

    /// The networks trained as `setup` asks on `data` (model space, every recording) under
    /// `split` (one, or `setup.ensemble` members: `EnsembleTraining`), with the run's
    /// outcomes and duration.
    ///
    /// - Throws: `SetupError(.ensemble)` for an ensemble with `checkpoints` (each member
    ///   would need a checkpoint of its own), and what the training throws.
    static func fit(
        setup: ForecastSetup, data: Dataset, split: DataSplit, progress: ((EpochRecord) -> Bool)?, checkpoints: CheckpointPlan?
    ) throws -> FittedNetwork {
        let layout = InputLayout(setup: setup, inputCount: data.inputCount)
        let start = Date()
        if setup.ensemble > 1 {
            guard checkpoints == nil else {
                throw SetupError(.ensemble, "an \(.ensemble) of more than one network cannot checkpoint or resume; train it without checkpoints")
            }
            let trained = try EnsembleTraining(setup: setup).fit(progress: progress) { member, memberProgress in
                try fitNetwork(setup: member, layout: layout, data: data, split: split, progress: memberProgress, checkpoints: nil)
            }
            return FittedNetwork(
                members: trained.map(\.network), layout: layout, outcomes: trained.map(\.outcome), seconds: Date().timeIntervalSince(start))
        }
        let trained = try fitNetwork(setup: setup, layout: layout, data: data, split: split, progress: progress, checkpoints: checkpoints)
        return FittedNetwork(members: [trained.network], layout: layout, outcomes: [trained.outcome], seconds: Date().timeIntervalSince(start))
    }

    /// One network of `setup`'s spec, initialised with `setup.training.seed` and trained
    /// on the calling thread. Cancelling the calling task ends training after the current
    /// epoch, like `progress` returning `false`: the best epoch's weights are kept.
    static func fitNetwork(
        setup: ForecastSetup, layout: InputLayout, data: Dataset, split: DataSplit, progress: ((EpochRecord) -> Bool)?,
        checkpoints: CheckpointPlan?
    ) throws -> (network: ForecastNetwork, outcome: TrainingOutcome) {
        let spec = setup.model.architecture.network(for: setup, layout: layout)
        let network = ForecastNetwork(spec: spec, seed: setup.training.seed)
        let task = try TaskFactory.make(network: network, layout: layout, setup: setup, data: data, split: split)
        let trainer = Trainer(config: setup.training) { record in !Task.isCancelled && (progress?(record) ?? true) }
        return (network, try trainer.fit(task, plan: checkpoints))
    }
}

/// The networks fresh from training (one, or an ensemble's members in order), before
/// they become a `ForecastModel`.
struct FittedNetwork {
    var members: [ForecastNetwork]
    var layout: InputLayout
    /// Each member's outcome, in member order.
    var outcomes: [TrainingOutcome]
    var seconds: Double

    /// The run's outcome: member 0's, with the first failure of any member.
    var outcome: TrainingOutcome {
        var outcome = outcomes[0]
        outcome.failure = outcomes.lazy.compactMap(\.failure).first
        return outcome
    }

    /// The model of this network with its metadata; `training` is left `nil`. Its inference
    /// passes (the run's test evaluation) use the training's threads.
    func model(setup: ForecastSetup, columns: ColumnInfo, preprocessing: Preprocessor, time: TimeAxis?, global: GlobalSeries? = nil) -> ForecastModel {
        let model = ForecastModel(
            members: members,
            metadata: ModelMetadata(
                format: ModelMetadata.formatName, version: members.count > 1 ? ModelMetadata.ensembleVersion : 1, network: members[0].spec, layout: layout, setup: setup,
                columns: columns, preprocessing: preprocessing, timeKind: time?.kind, timeStep: time?.step,
                training: nil, global: global))
        model.threads = setup.training.threads
        return model
    }

    /// The training report of this run with test metrics `test` beside `baselines`; of an
    /// ensemble, the parameters of all members, member 0's history and every member's
    /// record (`TrainingReport.members`), the members' test spread `memberTest`.
    func report(setup: ForecastSetup, test: Metrics, baselines: BaselineReport, memberTest: MemberSpread? = nil) -> TrainingReport {
        let outcome = outcome
        var report = TrainingReport(
            model: setup.model.rawValue, parameters: members.reduce(0) { $0 + $1.store.count }, epochsRun: outcome.history.count,
            bestEpoch: outcome.bestEpoch, trainSeconds: seconds, stoppedEarly: outcome.stoppedEarly, failure: outcome.failure?.description,
            seed: setup.training.seed, history: outcome.history, test: test, baselines: baselines)
        if members.count > 1 {
            report.members = outcomes.enumerated().map { i, outcome in
                TrainingReport.Member(
                    seed: setup.training.seed &+ UInt64(i), epochsRun: outcome.history.count, bestEpoch: outcome.bestEpoch,
                    bestValidationLoss: outcome.history.first { $0.epoch == outcome.bestEpoch }?.validationLoss,
                    stoppedEarly: outcome.stoppedEarly, failure: outcome.failure?.description)
            }
            report.memberTest = memberTest
        }
        return report
    }
}
