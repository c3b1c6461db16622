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
    /// returns the run with the best epoch's weights (`outcome.history` ends there).
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
    /// step; the model file stores the features chosen.
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
        model.metadata.training = fitted.report(setup: setup, test: evaluation.metrics, baselines: evaluation.baselines)
        return TrainingRun(model: model, outcome: fitted.outcome, report: model.metadata.training!)
    }

    /// A network trained as `setup` asks on `data` (model space, every recording) under
    /// `split`, with the run's outcome and duration.
    static func fit(
        setup: ForecastSetup, data: Dataset, split: DataSplit, progress: ((EpochRecord) -> Bool)?, checkpoints: CheckpointPlan?
    ) throws -> FittedNetwork {
        let layout = InputLayout(setup: setup, inputCount: data.inputCount)
        let spec = setup.model.architecture.network(for: setup, layout: layout)
        let network = ForecastNetwork(spec: spec, seed: setup.training.seed)
        let task = try TaskFactory.make(network: network, layout: layout, setup: setup, data: data, split: split)
        let start = Date()
        // Cancelling the calling task ends training after the current epoch, like
        // `progress` returning `false`: the best epoch's weights are kept.
        let trainer = Trainer(config: setup.training) { record in !Task.isCancelled && (progress?(record) ?? true) }
        let outcome = try trainer.fit(task, plan: checkpoints)
        return FittedNetwork(network: network, layout: layout, outcome: outcome, seconds: Date().timeIntervalSince(start))
    }
}

/// A network fresh from training, before it becomes a `ForecastModel`.
struct FittedNetwork {
    var network: ForecastNetwork
    var layout: InputLayout
    var outcome: TrainingOutcome
    var seconds: Double

    /// The model of this network with its metadata; `training` is left `nil`. Its inference
    /// passes (the run's test evaluation) use the training's threads.
    func model(setup: ForecastSetup, columns: ColumnInfo, preprocessing: Preprocessor, time: TimeAxis?, global: GlobalSeries? = nil) -> ForecastModel {
        let model = ForecastModel(
            network: network,
            metadata: ModelMetadata(
                format: ModelMetadata.formatName, version: ModelMetadata.currentVersion, network: network.spec, layout: layout, setup: setup,
                columns: columns, preprocessing: preprocessing, timeKind: time?.kind, timeStep: time?.step,
                training: nil, global: global))
        model.threads = setup.training.threads
        return model
    }

    /// The training report of this run with test metrics `test` beside `baselines`.
    func report(setup: ForecastSetup, test: Metrics, baselines: BaselineReport) -> TrainingReport {
        TrainingReport(
            model: setup.model.rawValue, parameters: network.store.count, epochsRun: outcome.history.count, bestEpoch: outcome.bestEpoch,
            trainSeconds: seconds, stoppedEarly: outcome.stoppedEarly, failure: outcome.failure?.description, seed: setup.training.seed,
            history: outcome.history, test: test, baselines: baselines)
    }
}
