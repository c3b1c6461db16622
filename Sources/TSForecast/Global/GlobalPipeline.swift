import TSData
import TSNN
import TSSupport
import TSTraining

/// A trained global model with its run and its per-series test scores.
public struct GlobalTrainingRun {
    /// The trained global model (best epoch's weights).
    public var model: ForecastModel
    /// Every epoch's record, the best epoch and a training failure, if any.
    public var outcome: TrainingOutcome
    /// One-step test scores of every trained series and their aggregates.
    public var evaluation: GlobalEvaluation
}

/// One network trained on the windows of many series (a global model).
///
/// Protocol: each series is split on its own (`setup.splitRule`: 70/15/15 of its rows,
/// or its last `testHorizon` rows for test and the `testHorizon` before them for
/// validation), and put in model space with its own transform and scalers fitted on its
/// own training part. The training samples are the (series, row) pairs of every series'
/// training part, addressed by index and gathered per batch, never materialised; the
/// validation loss pools every series' validation part. Series too short for one training
/// window, or for the split, are left out and listed in `GlobalSeries.skipped`.
///
/// With `setup.ensemble` = N > 1, N networks train on these same windows, member `i` with
/// seed `seed + i` (`EnsembleTraining`), saved in one file; each series' forecasts and
/// scores combine the members' (`ForecastModel.member(named:file:)` keeps them all).
public enum GlobalPipeline {
    /// Trains one model on the series of `files`: one per file, or with `setup.idColumn`
    /// one per id of each long-format file; the same columns in each.
    ///
    /// - Throws: as `train(series:setup:progress:checkpoints:)`, and `DataError` for an
    ///   unreadable file.
    public static func train(
        files: [String], setup: ForecastSetup, progress: ((EpochRecord) -> Bool)?, checkpoints: CheckpointPlan? = nil
    ) throws -> GlobalTrainingRun {
        try check(setup)
        let series = try files.flatMap { try SeriesLoader.loadAll(file: $0, setup: setup) }
        return try train(series: series, setup: setup, progress: progress, checkpoints: checkpoints)
    }

    /// Trains one model on `series` (from files or arrays, the same columns in each), each
    /// series named by its `recording.name`.
    ///
    /// - Throws: `SetupError` for an invalid setup or the simulation objective of a
    ///   feed-forward model (a single-series protocol), for an ensemble with `checkpoints`, `DataError` for two series with the same name or
    ///   different columns, or when no series is long enough; `CheckpointError` from
    ///   `checkpoints` (as in `ForecastPipeline.train`).
    public static func train(
        series: [LoadedSeries], setup: ForecastSetup, progress: ((EpochRecord) -> Bool)?, checkpoints: CheckpointPlan? = nil
    ) throws -> GlobalTrainingRun {
        try check(setup)
        var setup = setup
        // `auto` follows the first series' time step; every series must have a date axis.
        setup.calendar = try setup.calendar.resolved(time: series.first?.time, file: series.first?.recording.file ?? "")
        // `autoDifference` differences every series when at least half of their training parts ask for it.
        let splitRule = setup.splitRule
        setup = setup.resolvingDifference(trainingParts: series.compactMap { loaded in
            (try? DataSplit(loaded.dataset, rule: splitRule)).map { loaded.recording.target[$0.rows(.train, recording: 0)] }
        })
        let transform = TargetTransform(
            log: setup.log, differences: setup.difference, seasonalPeriod: setup.seasonalDifference ? (setup.season ?? 0) : 0)
        var recordings: [Recording] = []
        var members: [GlobalSeries.Member] = []
        var references: [ReferenceTarget] = []
        var skipped: [GlobalSeries.Skipped] = []
        var columns: ColumnInfo?
        var time: TimeAxis?
        for loaded in series {
            let (name, file) = (loaded.recording.name, loaded.recording.file)
            guard !members.contains(where: { $0.name == name }) else {
                throw DataError(.invalidSetting("two series are called '\(name)'; a global model names each series by its file name or id"), at: DataLocation(file: file))
            }
            if let columns, columns != loaded.columns {
                throw DataError(
                    .invalidSetting("the columns (target '\(loaded.columns.target)', inputs \(loaded.columns.inputs)) differ from the first series' (target '\(columns.target)', inputs \(columns.inputs)); a global model reads the same columns in every series"),
                    at: DataLocation(file: file))
            }
            columns = columns ?? loaded.columns
            time = time ?? loaded.time
            _ = try setup.calendar.resolved(time: loaded.time, file: file)
            let layout = InputLayout(setup: setup, inputCount: loaded.dataset.inputCount)
            if let reason = shortness(loaded.dataset, rule: setup.splitRule, needed: layout.history + transform.lostRows + 1, validation: setup.validationFraction > 0) {
                skipped.append(GlobalSeries.Skipped(name: name, reason: reason))
                continue
            }
            let split = try DataSplit(loaded.dataset, rule: setup.splitRule)
            let preprocessor = try Preprocessor.fit(loaded.dataset, split: split, transform: transform, scaler: setup.scale)
            let testRows = split.rows(.test, recording: 0)
            references.append(ReferenceTarget(
                loaded.recording.target, from: max(0, testRows.lowerBound - max(transform.lostRows, setup.season ?? 1, 1)),
                training: split.rows(.train, recording: 0), seasonalPeriod: setup.season ?? 1))
            var data = loaded.dataset
            try preprocessor.apply(inPlace: &data)
            recordings.append(data.recordings[0])
            members.append(GlobalSeries.Member(name: name, preprocessing: preprocessor))
        }
        guard let columns, !recordings.isEmpty else {
            throw DataError(
                .invalidSetting("no series is long enough to train on: " + skipped.prefix(3).map { "\($0.name) (\($0.reason))" }.joined(separator: "; ")),
                at: DataLocation(file: series.first?.recording.file ?? ""))
        }
        (setup.target, setup.timeColumn) = (columns.target, columns.time)
        let data = Dataset(targetName: columns.target, inputNames: columns.inputs, recordings: recordings)
        let split = try DataSplit(data, rule: setup.splitRule)
        let fitted = try ForecastPipeline.fit(setup: setup, data: data, split: split, progress: progress, checkpoints: checkpoints)
        let model = fitted.model(
            setup: setup, columns: columns, preprocessing: members[0].preprocessing, time: time,
            global: GlobalSeries(members: members, skipped: skipped))
        let scores = try members.indices.map { s in
            let member = try model.member(named: members[s].name, file: recordings[s].file)
            let report = try member.evaluate(
                recordings[s], reference: references[s], rows: split.rows(.test, recording: s), mode: .oneStep,
                file: recordings[s].file, details: false)
            return SeriesScore(
                name: members[s].name, metrics: report.metrics, baselines: report.baselines, scale: references[s].trainingScale,
                members: report.members)
        }
        let evaluation = GlobalEvaluation(series: scores)
        model.metadata.training = fitted.report(
            setup: setup, test: .mean(of: scores.map(\.metrics)), baselines: .mean(of: scores.map(\.baselines)))
        return GlobalTrainingRun(model: model, outcome: fitted.outcome, evaluation: evaluation)
    }

    /// The setup's own rules (`ForecastSetup.validate`) and the global protocol's: the
    /// one-step objective for feed-forward models.
    static func check(_ setup: ForecastSetup) throws(SetupError) {
        try setup.validate()
        guard setup.objective == .oneStep || setup.model.isRecurrent else {
            throw SetupError(.objective, "global models train with the one-step \(.objective)")
        }
    }

    /// Why the single series of `dataset` cannot join training, or nil when it can: the
    /// split must exist, leave `needed` training rows (one window) and a non-empty test
    /// part (and validation part when `validation`).
    static func shortness(_ dataset: Dataset, rule: SplitRule, needed: Int, validation: Bool) -> String? {
        guard let split = try? DataSplit(dataset, rule: rule) else {
            return "\(dataset.recordings[0].count) rows are too few for the split"
        }
        let (train, valid, test) = (split.rows(.train, recording: 0), split.rows(.validation, recording: 0), split.rows(.test, recording: 0))
        if train.count < needed { return "\(train.count) training rows, a window needs \(needed)" }
        if test.isEmpty || (validation && valid.isEmpty) { return "\(dataset.recordings[0].count) rows leave an empty validation or test part" }
        return nil
    }
}
