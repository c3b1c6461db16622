import TSData

/// Metrics of a model over a range of rows beside the baselines on the same rows, and
/// the per-row predictions.
public struct EvaluationReport: Codable, Sendable {
    /// The model's scores on the evaluated rows, original units.
    public var metrics: Metrics
    /// One-step baselines (persistence, seasonal naive, mean) on the evaluated rows.
    public var baselines: BaselineReport
    /// The evaluated rows' actual and predicted values.
    public var predictions: Predictions
    /// Plot coordinates of the whole history (`x`: time as a number, `y`: target).
    public var history: PlotSeries
    /// Plot x of each prediction.
    public var predictionX: [Double]
    /// An ensemble's members scored alone on the same rows (`nil` for a single network).
    public var members: MemberSpread?

    /// Per-row predictions as CSV: `row,time,actual,predicted[,lower,upper]` (`time`
    /// empty without a time column), with a column `q<level>` per quantile level
    /// (`q0.1,q0.5,q0.9`) in place of `lower,upper` for quantile models.
    public func predictionsCSV() -> String {
        let p = predictions
        var header = ["row", "time", "actual", "predicted"]
        if p.lower != nil { header += ["lower", "upper"] }
        if let levels = p.quantileLevels { header += levels.map { "q\($0)" } }
        var lines = [header.joined(separator: ",")]
        for i in p.rows.indices {
            var fields = ["\(p.rows[i])", p.times.isEmpty ? "" : p.times[i], "\(p.actual[i])", "\(p.predicted[i])"]
            if let lower = p.lower, let upper = p.upper { fields += ["\(lower[i])", "\(upper[i])"] }
            if let quantiles = p.quantiles { fields += quantiles.map { "\($0[i])" } }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// x/y pairs for a chart.
public struct PlotSeries: Codable, Sendable {
    /// Horizontal positions (row indices or times).
    public var x: [Double]
    /// Values at `x`.
    public var y: [Double]
}

extension ForecastModel {
    /// Evaluates on the test part of `file` under the model's split (or on every row with
    /// enough history with `all`; then the mean baseline and the MASE scale use the rows
    /// before the first evaluated row). `leadTimes` as in
    /// `evaluate(_:rows:trainingRows:mode:details:leadTimes:)`.
    public func evaluate(file: String, mode: EvaluationMode, all: Bool, leadTimes: Int? = nil) throws -> EvaluationReport {
        try evaluate(try load(file: file, allowFuture: !metadata.columns.inputs.isEmpty), mode: mode, all: all, leadTimes: leadTimes)
    }

    /// `evaluate(file:mode:all:leadTimes:)` of a series already loaded with `load(file:allowFuture:)`.
    public func evaluate(_ loaded: LoadedSeries, mode: EvaluationMode, all: Bool, leadTimes: Int? = nil) throws -> EvaluationReport {
        if all {
            let first = max(metadata.preprocessing.transform.lostRows + metadata.layout.history, 1)
            return try evaluate(loaded, rows: first..<loaded.recording.count, trainingRows: 0..<first, mode: mode, leadTimes: leadTimes)
        }
        let split = try DataSplit(loaded.dataset, rule: metadata.setup.splitRule)
        return try evaluate(
            loaded, rows: split.rows(.test, recording: 0), trainingRows: split.rows(.train, recording: 0), mode: mode, leadTimes: leadTimes)
    }

    /// Predictions of the `rows` that have enough history, metrics in original units and
    /// the baselines on exactly those rows. In `simulation` mode the run starts at the
    /// first predictable row and continues over its gap-free stretch.
    ///
    /// - Parameters:
    ///   - loaded: the series in original units.
    ///   - rows: the rows to predict and score.
    ///   - trainingRows: the training rows (the MASE scale and the mean baseline).
    ///   - mode: one-step or simulation.
    ///   - details: `false` keeps only the metrics and baselines (training,
    ///     backtests): `predictions`, `history` and `predictionX` stay empty, and one-step
    ///     predictions are scored as they are made, so nothing per evaluated row is stored
    ///     (with `true`: 12 bytes per evaluated row, 20 with an interval, 16 per history row).
    ///   - leadTimes: `H` to score `H`-step forecasts from every origin by lead time
    ///     (`Metrics.byLeadTime`); `nil`: `O` for a direct multi-horizon model, else none.
    public func evaluate(
        _ loaded: LoadedSeries, rows: Range<Int>, trainingRows: Range<Int>, mode: EvaluationMode, details: Bool = true,
        leadTimes: Int? = nil
    ) throws -> EvaluationReport {
        let reference = ReferenceTarget(loaded.recording.target, training: trainingRows, seasonalPeriod: metadata.setup.season ?? 1)
        var report = try evaluate(
            try modelSpace(loaded), reference: reference, rows: rows, mode: mode, file: loaded.recording.file, details: details,
            leadTimes: leadTimes)
        guard details else { return report }
        let x = plotX(loaded)
        if let time = loaded.time { report.predictions.times = report.predictions.rows.map { time.format(time.values[$0]) } }
        report.history = PlotSeries(x: x, y: loaded.recording.target.map(Double.init))
        report.predictionX = report.predictions.rows.map { x[$0] }
        return report
    }

    /// `evaluate` of the model-space history `recording` against the original values in
    /// `reference` (which must hold the rows from `rows.lowerBound − max(lostRows, m, 1)`),
    /// without plot data. The training run's path: its series was put in model space in
    /// place, and only the tail of the raw series it evaluates was kept. An ensemble's
    /// report also holds its members' spread (`members`): each member evaluated alone.
    func evaluate(
        _ recording: Recording, reference: ReferenceTarget, rows: Range<Int>, mode: EvaluationMode, file: String, details: Bool,
        leadTimes: Int? = nil
    ) throws -> EvaluationReport {
        let predictable = predictableRows(recording, in: rows)
        var runs = predictable
        guard let first = runs.first?.lowerBound else {
            throw DataError(
                .tooFewRows(needed: metadata.layout.history + metadata.preprocessing.transform.lostRows + 1, available: rows.count, context: "predicting rows \(rows.lowerBound)..<\(rows.upperBound)"),
                at: DataLocation(file: file))
        }
        // Each prediction is scored as it is made; the rows are kept only with `details`.
        // Rows whose actual was filled (not measured) are predicted but neither scored nor
        // listed; the baselines skip them too.
        let filled = Set(recording.filledTargetRows)
        var scored = MetricsAccumulator()
        let reading = quantileReading
        // Interval scores need two levels: a quantile model with one level has none.
        var intervals = predictiveLevels.flatMap { $0.count >= 2 ? IntervalAccumulator(levels: $0, scoresPinball: reading != nil) : nil }
        var predictions = Predictions(rows: [], actual: [], predicted: [])
        if details, let reading {
            (predictions.quantileLevels, predictions.quantiles) = (reading.levels, Array(repeating: [], count: reading.levels.count))
        } else if details && network.noiseStd != nil {
            (predictions.lower, predictions.upper) = ([], [])
        }
        func record(_ k: Int, _ value: Float, _ quantiles: [Float]?) {
            guard !filled.contains(k) else { return scored.skipFilled() }
            scored.add(actual: reference[k], predicted: value)
            if let quantiles { intervals?.add(actual: reference[k], quantiles: quantiles) }
            guard details else { return }
            predictions.rows.append(k)
            predictions.actual.append(reference[k])
            predictions.predicted.append(value)
            guard let quantiles else { return }
            if predictions.quantiles != nil {
                for j in quantiles.indices { predictions.quantiles![j].append(quantiles[j]) }
            } else {
                predictions.lower!.append(quantiles[0])
                predictions.upper!.append(quantiles[1])
            }
        }
        switch mode {
        case .oneStep:
            oneStep(recording, reference: reference, rows: runs.joined(), each: record)
        case .simulation:
            runs = [runs[0]]
            var track = recording
            for k in runs[0] { track.target[k] = .nan }
            let history = reference.history(before: first, count: metadata.preprocessing.transform.lostRows)
            let run = rollOut(track, start: first, steps: runs[0].count, originalHistory: history)
            for (i, k) in runs[0].enumerated() {
                record(k, run.values[i], run.quantiles.map { $0.map { $0[i] } } ?? run.lower.map { [$0[i], run.upper![i]] })
            }
        }
        var metrics = scored.metrics(scale: reference.trainingScale, mode: mode)
        metrics.interval = intervals?.scores
        if let leads = evaluatedLeadTimes(leadTimes) {
            metrics.byLeadTime = leadTimeScores(
                recording, reference: reference, runs: predictable, leads: leads, filled: filled, seasonal: metadata.setup.season != nil)
        }
        let baselines = BaselineReport.compute(
            reference: reference, targets: runs.joined().lazy.filter { !filled.contains($0) }, seasonal: metadata.setup.season != nil, mode: .oneStep)
        var report = EvaluationReport(metrics: metrics, baselines: baselines, predictions: predictions, history: PlotSeries(x: [], y: []), predictionX: [])
        if members.count > 1 {
            let scores = try members.indices.map { i in
                try ensembleMember(i).evaluate(recording, reference: reference, rows: rows, mode: mode, file: file, details: false).metrics
            }
            report.members = MemberSpread(metrics: scores, combine: metadata.setup.ensembleCombine, seeds: memberSeeds)
        }
        return report
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
