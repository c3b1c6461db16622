import TSData

/// The one-step test scores of one series of a global model.
public struct SeriesScore: Codable, Sendable {
    /// The series name.
    public var name: String
    /// The model's metrics in the series' original units.
    public var metrics: Metrics
    /// Persistence, seasonal naive and mean on the same rows.
    public var baselines: BaselineReport
    /// The MASE scale `s = mean_{t≥m} |y(t) − y(t−m)|` of the series' training part.
    public var scale: Double
    /// Of a global ensemble, its members scored alone on the same rows (`nil` for one
    /// network); JSON key `members`, left out when `nil`.
    public var members: MemberSpread?
}

/// Aggregates of one forecaster's scores over many series. Each is taken over the series
/// where the metric is defined (a constant training part has no MASE scale).
///
/// - `meanMASE`, `medianMASE`: of `MASE_s = MAE_s / s_s`
/// - `meanSMAPE`: of `sMAPE_s` (percent)
/// - `meanRMSSE`: of `RMSE_s / s_s`, the root mean square of the errors scaled by the
///   series' MASE scale, so series of any level weigh alike.
///
/// An aggregate with no defined value is NaN, written `null` in JSON.
public struct ScoreAggregate: Codable, Sendable, Equatable {
    /// Mean of `MASE_s`.
    public var meanMASE: Double
    /// Median of `MASE_s`.
    public var medianMASE: Double
    /// Mean of `sMAPE_s`, percent.
    public var meanSMAPE: Double
    /// Mean of `RMSE_s / s_s`.
    public var meanRMSSE: Double
    /// Series scored.
    public var series: Int

    enum CodingKeys: String, CodingKey {
        case series
        case meanMASE = "mean_mase", medianMASE = "median_mase", meanSMAPE = "mean_smape", meanRMSSE = "mean_rmsse"
    }

    /// The aggregates of `metrics[i]` with MASE scale `scales[i]`.
    public init(_ metrics: [Metrics], scales: [Double]) {
        precondition(metrics.count == scales.count, "ScoreAggregate: \(metrics.count) metrics for \(scales.count) scales")
        let mase = metrics.map(\.mase)
        meanMASE = Self.mean(mase)
        medianMASE = Self.median(mase)
        meanSMAPE = Self.mean(metrics.map(\.smape))
        meanRMSSE = Self.mean(zip(metrics, scales).map { $0.rmse / $1 })
        series = metrics.count
    }

    /// Decodes JSON written by `encode(to:)`; `null` reads back as NaN.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        (meanMASE, medianMASE, meanSMAPE, meanRMSSE) = (try value(.meanMASE), try value(.medianMASE), try value(.meanSMAPE), try value(.meanRMSSE))
        series = try c.decode(Int.self, forKey: .series)
    }

    /// Encodes every key, values that are not finite as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (value, key) in [(meanMASE, CodingKeys.meanMASE), (medianMASE, .medianMASE), (meanSMAPE, .meanSMAPE), (meanRMSSE, .meanRMSSE)] {
            try c.encode(value.isFinite ? value : nil, forKey: key)
        }
        try c.encode(series, forKey: .series)
    }

    /// The mean of the finite values (NaN with none).
    static func mean(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        return finite.reduce(0, +) / Double(finite.count)
    }

    /// The median of the finite values (the mean of the middle two for an even count;
    /// NaN with none).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// A global model's scores: per series, and aggregated beside persistence and seasonal
/// naive aggregated the same way. JSON keys: `series`, `model`, `persistence`,
/// `seasonal_naive` (`null` without a season or when a series has no seasonal naive score),
/// and when every series was scored by lead time, `by_lead_time` and `lead_time_mean`
/// (`GlobalLeadScores`).
public struct GlobalEvaluation: Codable, Sendable {
    /// Each series' scores, in the order given.
    public var series: [SeriesScore]
    /// The model's aggregates.
    public var model: ScoreAggregate
    /// Persistence's aggregates on the same rows.
    public var persistence: ScoreAggregate
    /// Seasonal naive's aggregates; `nil` without a season.
    public var seasonalNaive: ScoreAggregate?
    /// The scores by lead time aggregated over the series, lead by lead; `nil` unless
    /// every series has scores of the same lead times (`Metrics.byLeadTime`).
    public var byLeadTime: [GlobalLeadScores]?
    /// Each series' mean over the lead times, aggregated (lead 0); `nil` with `byLeadTime`.
    public var leadTimeMean: GlobalLeadScores?

    enum CodingKeys: String, CodingKey {
        case series, model, persistence
        case seasonalNaive = "seasonal_naive", byLeadTime = "by_lead_time", leadTimeMean = "lead_time_mean"
    }

    /// Aggregates `series` (not empty).
    public init(series: [SeriesScore]) {
        precondition(!series.isEmpty, "GlobalEvaluation: no series")
        self.series = series
        let scales = series.map(\.scale)
        model = ScoreAggregate(series.map(\.metrics), scales: scales)
        persistence = ScoreAggregate(series.map(\.baselines.persistence), scales: scales)
        let seasonal = series.compactMap(\.baselines.seasonalNaive)
        seasonalNaive = seasonal.count == series.count ? ScoreAggregate(seasonal, scales: scales) : nil
        (byLeadTime, leadTimeMean) = GlobalLeadScores.aggregate(series).map { ($0.byLead, $0.mean) } ?? (nil, nil)
    }

    /// Encodes every key, an absent seasonal naive aggregate as `null`; the lead-time keys
    /// only when present.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(series, forKey: .series)
        try c.encode(model, forKey: .model)
        try c.encode(persistence, forKey: .persistence)
        try c.encode(seasonalNaive, forKey: .seasonalNaive)
        try c.encodeIfPresent(byLeadTime, forKey: .byLeadTime)
        try c.encodeIfPresent(leadTimeMean, forKey: .leadTimeMean)
    }
}

extension ForecastModel {
    /// Scores the global model on the test part of each series of `files` (one per file,
    /// or per id with the model's id column; its split under the model's rule, its own
    /// preprocessing), in `mode`. Series that training left out as too short
    /// (`GlobalSeries.skipped`) are left out here too. `leadTimes` as in
    /// `evaluate(file:mode:all:leadTimes:)`, each series scored by lead time on its own,
    /// then aggregated (`GlobalEvaluation.byLeadTime`).
    ///
    /// - Throws: `DataError` for a file that cannot be read, a series the model does not
    ///   know, too few rows, or no series left to score.
    public func evaluateGlobal(files: [String], mode: EvaluationMode, leadTimes: Int? = nil) throws -> GlobalEvaluation {
        try evaluateGlobal(series: loadAll(files, allowFuture: !metadata.columns.inputs.isEmpty), mode: mode, leadTimes: leadTimes)
    }

    /// `evaluateGlobal(files:mode:leadTimes:)` on series from files or arrays, each named by
    /// its `recording.name`.
    public func evaluateGlobal(series: [LoadedSeries], mode: EvaluationMode, leadTimes: Int? = nil) throws -> GlobalEvaluation {
        let scores = try trained(series).map { loaded in
            let member = try member(named: loaded.recording.name, file: loaded.recording.file)
            let split = try DataSplit(loaded.dataset, rule: metadata.setup.splitRule)
            let report = try member.evaluate(loaded, mode: mode, all: false, leadTimes: leadTimes)
            let scale = Metrics.seasonalScale(
                loaded.recording.target[split.rows(.train, recording: 0)], period: metadata.setup.season ?? 1)
            return SeriesScore(
                name: loaded.recording.name, metrics: report.metrics, baselines: report.baselines, scale: scale, members: report.members)
        }
        return GlobalEvaluation(series: scores)
    }

    /// Forecasts of every series of `files` by the global model, as one long table
    /// `id,time,forecast[,lower,upper]` (`step` instead of `time` without a time axis).
    public func forecastGlobal(files: [String], horizon: Int?) throws -> String {
        try forecastGlobal(series: loadAll(files, allowFuture: true), horizon: horizon)
    }

    /// `forecastGlobal(files:horizon:)` on series from files or arrays.
    public func forecastGlobal(series: [LoadedSeries], horizon: Int?) throws -> String {
        var header: String?
        var lines: [String] = []
        for loaded in try trained(series) {
            let table = try member(named: loaded.recording.name, file: loaded.recording.file).forecast(loaded, horizon: horizon)
            var rows = table.csv().split(separator: "\n").map(String.init)
            let first = rows.removeFirst()
            header = header ?? "id," + first
            lines += rows.map { "\(loaded.recording.name),\($0)" }
        }
        return ([header ?? "id,step,forecast"] + lines).joined(separator: "\n") + "\n"
    }

    /// Every series of `files` under the model's columns (one per id with its id column).
    func loadAll(_ files: [String], allowFuture: Bool) throws -> [LoadedSeries] {
        try files.flatMap { try SeriesLoader.loadAll(file: $0, setup: readingSetup, allowFuture: allowFuture) }
    }

    /// `series` less those training skipped as too short.
    ///
    /// - Throws: `DataError` when nothing is left.
    func trained(_ series: [LoadedSeries]) throws -> [LoadedSeries] {
        let skipped = Set(metadata.global?.skipped.map(\.name) ?? [])
        let kept = series.filter { !skipped.contains($0.recording.name) }
        guard !kept.isEmpty else {
            throw DataError(.invalidSetting("every series given was too short to train on"), at: DataLocation(file: series.first?.recording.file ?? ""))
        }
        return kept
    }
}
