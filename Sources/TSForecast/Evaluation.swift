import Foundation
import TSData

/// Metrics of a model over a range of rows beside the baselines on the same rows, and
/// the per-row predictions.
public struct EvaluationReport: Codable, Sendable {
    public var metrics: Metrics
    /// One-step baselines (persistence, seasonal naive, mean) on the evaluated rows.
    public var baselines: BaselineReport
    public var predictions: Predictions
    /// Plot coordinates of the whole history (`x`: time as a number, `y`: target).
    public var history: PlotSeries
    /// Plot x of each prediction.
    public var predictionX: [Double]

    /// Per-row predictions as CSV: `row,time,actual,predicted[,lower,upper]` (`time`
    /// empty without a time column).
    public func predictionsCSV() -> String {
        let p = predictions
        var lines = ["row,time,actual,predicted" + (p.lower != nil ? ",lower,upper" : "")]
        for i in p.rows.indices {
            var fields = ["\(p.rows[i])", p.times.isEmpty ? "" : p.times[i], "\(p.actual[i])", "\(p.predicted[i])"]
            if let lower = p.lower, let upper = p.upper { fields += ["\(lower[i])", "\(upper[i])"] }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// x/y pairs for a chart.
public struct PlotSeries: Codable, Sendable {
    public var x: [Double]
    public var y: [Double]
}

extension ForecastModel {
    /// Evaluates on the test part of `file` under the model's split (or on every row with
    /// enough history with `all`; then the mean baseline and the MASE scale use the rows
    /// before the first evaluated row).
    public func evaluate(file: String, mode: EvaluationMode, all: Bool) throws -> EvaluationReport {
        let loaded = try load(file: file, allowFuture: !metadata.columns.inputs.isEmpty)
        if all {
            let first = max(metadata.preprocessing.transform.lostRows + metadata.layout.history, 1)
            return try evaluate(loaded, rows: first..<loaded.recording.count, trainingRows: 0..<first, mode: mode)
        }
        let split = try DataSplit(loaded.dataset, rule: metadata.setup.splitRule)
        return try evaluate(loaded, rows: split.rows(.test, recording: 0), trainingRows: split.rows(.train, recording: 0), mode: mode)
    }

    /// Predictions of the `rows` that have enough history, metrics in original units and
    /// the baselines on exactly those rows. In `simulation` mode the run starts at the
    /// first predictable row and continues over its gap-free stretch.
    ///
    /// - Parameters:
    ///   - plotData: `false` leaves `history` and `predictionX` empty: reports that keep
    ///     only the metrics (training, backtests) skip 16 bytes per history row.
    ///   - prepared: the history of `loaded` in model space when the caller has it (the
    ///     training run), which saves preprocessing it again: a copy of the target and a
    ///     transient of 16 bytes per row.
    public func evaluate(
        _ loaded: LoadedSeries, rows: Range<Int>, trainingRows: Range<Int>, mode: EvaluationMode, plotData: Bool = true,
        prepared: Recording? = nil
    ) throws -> EvaluationReport {
        let recording = try prepared ?? modelSpace(loaded)
        let original = loaded.recording.target
        var targets = predictableRows(recording, in: rows)
        guard let first = targets.first else {
            throw DataError(
                .tooFewRows(needed: metadata.layout.history + metadata.preprocessing.transform.lostRows + 1, available: rows.count, context: "predicting rows \(rows.lowerBound)..<\(rows.upperBound)"),
                at: DataLocation(file: loaded.recording.file))
        }
        var predictions: Predictions
        switch mode {
        case .oneStep:
            predictions = oneStep(loaded, prepared: recording, rows: targets)
        case .simulation:
            targets = Array(zip(targets, first...).prefix { $0 == $1 }.map(\.0))
            var track = recording
            for k in targets { track.target[k] = .nan }
            let run = rollOut(track, start: first, steps: targets.count, originalHistory: original[..<first])
            predictions = Predictions(rows: targets, actual: targets.map { original[$0] }, predicted: run.values, lower: run.lower, upper: run.upper)
        }
        let metrics = Metrics.compute(
            actual: predictions.actual, predicted: predictions.predicted, trainingSeries: original[trainingRows],
            seasonalPeriod: metadata.setup.season ?? 1, mode: mode.rawValue)
        let baselines = try BaselineReport.compute(
            series: original, training: trainingRows, targets: targets, seasonalPeriod: metadata.setup.season, mode: EvaluationMode.oneStep.rawValue)
        guard plotData else {
            return EvaluationReport(metrics: metrics, baselines: baselines, predictions: predictions, history: PlotSeries(x: [], y: []), predictionX: [])
        }
        let x = plotX(loaded)
        if let time = loaded.time { predictions.times = targets.map { time.format(time.values[$0]) } }
        return EvaluationReport(
            metrics: metrics, baselines: baselines, predictions: predictions,
            history: PlotSeries(x: x, y: original.map(Double.init)), predictionX: targets.map { x[$0] })
    }

    /// Chart x of every history row: decimal years for dates, the time value for numeric
    /// time columns, the row index without a time column.
    func plotX(_ loaded: LoadedSeries) -> [Double] {
        guard let time = loaded.time else { return (0..<loaded.recording.count).map(Double.init) }
        return time.values.map { plotX(time: $0, kind: time.kind) }
    }

    func plotX(time t: Double, kind: TimeAxis.Kind) -> Double {
        kind == .number ? t : 1970 + t / (365.2425 * 86_400)
    }
}
