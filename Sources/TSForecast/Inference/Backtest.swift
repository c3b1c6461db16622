import TSData
import TSSupport
import TSTraining

/// One fold of a rolling-origin backtest.
public struct BacktestFold: Codable, Sendable {
    /// The fold, from 1.
    public var fold: Int
    /// Rows the fold's model was trained and validated on.
    public var trainRows: Int
    /// Rows of the test block.
    public var testRows: Int
    /// First row of the test block in the file's history.
    public var testStart: Int
    /// The model's scores on the fold's test rows, original units.
    public var metrics: Metrics
    /// The baselines on the same rows.
    public var baselines: BaselineReport
    /// Wall time of the fold: training (when it trains) and scoring, in seconds.
    public var seconds: Double
}

/// The folds of a backtest with their mean RMSE.
public struct BacktestReport: Codable, Sendable {
    /// Whether the training window grows or slides.
    public var window: BacktestWindow
    /// Whether the model was retrained for every fold.
    public var refit: Bool
    /// The folds, in order.
    public var folds: [BacktestFold]
    /// The model's RMSE averaged over the folds.
    public var meanRMSE: Double { folds.map(\.metrics.rmse).reduce(0, +) / Double(max(folds.count, 1)) }
    /// The persistence baseline's RMSE averaged over the folds.
    public var meanPersistenceRMSE: Double { folds.map(\.baselines.persistence.rmse).reduce(0, +) / Double(max(folds.count, 1)) }
}

/// Rolling-origin evaluation.
///
/// The first fold trains on the first `1 − val − test` share of the rows (the setup's
/// training fraction, 70% by default); the remaining rows are cut into `folds` consecutive
/// test blocks. Fold k trains on the rows before its block — all of them (`expanding`) or
/// the last `n₀` (`sliding`, `n₀` the first fold's length) — holding out the last
/// `val/(1−test)` share of them for validation, then scores one-step predictions of its
/// block beside the baselines. Without `refit` the first fold's model scores every block.
public enum Backtest {
    /// Backtests `file` under `setup` in `folds` folds (`refit`: train a model per fold;
    /// `window`: the training rows of each); `progress` sees every epoch. `leadTimes` `H`
    /// also scores each fold's block by lead time (`Metrics.byLeadTime`: `H`-step forecasts
    /// from every origin of the block whose `H` rows lie in it); `nil`: `O` for a direct
    /// multi-horizon model, else none.
    ///
    /// - Throws: `SetupError`, `DataError` (too few rows for the folds), `BaselineError`.
    public static func run(
        file: String, setup: ForecastSetup, folds: Int, refit: Bool, window: BacktestWindow, leadTimes: Int? = nil,
        progress: ((EpochRecord) -> Bool)?
    ) throws -> BacktestReport {
        try run(
            series: try SeriesLoader.load(file: file, setup: setup), setup: setup, folds: folds, refit: refit, window: window,
            leadTimes: leadTimes, progress: progress)
    }

    /// `run(file:…)` on a series already loaded or built from arrays.
    public static func run(
        series loaded: LoadedSeries, setup: ForecastSetup, folds: Int, refit: Bool, window: BacktestWindow, leadTimes: Int? = nil,
        progress: ((EpochRecord) -> Bool)?
    ) throws -> BacktestReport {
        let n = loaded.recording.count
        let first = Int(Double(n) * (1 - setup.validationFraction - setup.testFraction))
        let block = (n - first) / folds
        guard block >= 1, first >= 2 else {
            throw DataError(
                .tooFewRows(needed: first + folds, available: n, context: "\(folds) backtest folds after a \(first)-row first training part"),
                at: DataLocation(file: loaded.recording.file))
        }
        var model: ForecastModel?
        var results: [BacktestFold] = []
        for k in 0..<folds {
            let start = ContinuousClock.now
            let testStart = first + k * block
            let testEnd = k == folds - 1 ? n : testStart + block
            let dataStart = window == .sliding ? testStart - first : 0
            let validation = setup.validationFraction > 0 ? max(1, Int(Double(testStart - dataStart) * setup.validationFraction / (1 - setup.testFraction))) : 0
            let trainingRows = dataStart..<(testStart - validation)
            if model == nil || refit {
                let sub = loaded.rows(dataStart..<testEnd)
                let split = try DataSplit(sub.dataset, rule: .counts(validation: validation, test: testEnd - testStart))
                model = try ForecastPipeline.train(loaded: sub, setup: setup, split: split, progress: progress).model
            }
            let evaluation = try model!.evaluate(loaded, rows: testStart..<testEnd, trainingRows: trainingRows, mode: .oneStep, details: false, leadTimes: leadTimes)
            results.append(BacktestFold(
                fold: k + 1, trainRows: testStart - dataStart, testRows: evaluation.metrics.count, testStart: testStart,
                metrics: evaluation.metrics, baselines: evaluation.baselines, seconds: (ContinuousClock.now - start).inSeconds))
        }
        return BacktestReport(window: window, refit: refit, folds: results)
    }
}

extension LoadedSeries {
    /// The history rows `range` as a series of their own (rows renumbered from 0).
    func rows(_ range: Range<Int>) -> LoadedSeries {
        var copy = self
        var recording = copy.dataset.recordings[0]
        recording.target = Array(recording.target[range])
        recording.inputs = recording.inputs.map { Array($0[range]) }
        recording.lines = recording.lines.rows(range)
        recording.segments = recording.segments.compactMap { segment in
            let clamped = segment.clamped(to: range)
            return clamped.isEmpty ? nil : (clamped.lowerBound - range.lowerBound)..<(clamped.upperBound - range.lowerBound)
        }
        recording.time = recording.time.map { TimeAxis(kind: $0.kind, values: Array($0.values[range])) }
        copy.dataset.recordings[0] = recording
        copy.time = recording.time
        return copy
    }
}
