/// Naive forecasts a model must beat, for target rows `k` of a series `y` in original
/// units. Each prediction for row `k` reads only `y(j)` with `j < k`.
///
/// - persistence: `ŷ(k) = y(k − 1)`
/// - seasonal naive: `ŷ(k) = y(k − m)`
/// - mean: `ŷ(k) = mean(y(j), j ∈ training)`, the training rows all before every target
public enum Baseline {
    /// `ŷ(k) = y(k − lag)` for each `k` in `targets` (persistence is `lag = 1`, seasonal
    /// naive `lag = m`).
    ///
    /// - Precondition: `lag ≥ 1` and `lag ≤ k < series.count` for every target.
    public static func naive(series: [Float], targets: [Int], lag: Int) -> [Float] {
        precondition(lag >= 1, "Baseline.naive: lag must be ≥ 1, got \(lag)")
        return targets.map { k in
            precondition(
                k >= lag && k < series.count,
                "Baseline.naive: target row \(k) needs rows \(k - lag)…\(k) of a \(series.count)-row series (lag \(lag))")
            return series[k - lag]
        }
    }

    /// `ŷ(k) = y(k − 1)`.
    public static func persistence(series: [Float], targets: [Int]) -> [Float] {
        naive(series: series, targets: targets, lag: 1)
    }

    /// `ŷ(k) = y(k − period)`.
    public static func seasonalNaive(series: [Float], targets: [Int], period: Int) -> [Float] {
        naive(series: series, targets: targets, lag: period)
    }

    /// `ŷ(k) = mean(series[training])` (accumulated in Double, missing values skipped) for
    /// every target.
    ///
    /// - Precondition: `training` is a non-empty range of `series` ending at or before
    ///   every target row, and every target is a row of `series`.
    public static func mean(series: [Float], training: Range<Int>, targets: [Int]) -> [Float] {
        precondition(
            !training.isEmpty && training.lowerBound >= 0 && training.upperBound <= series.count,
            "Baseline.mean: training rows \(training) are not a non-empty range of a \(series.count)-row series")
        precondition(
            targets.allSatisfy { $0 >= training.upperBound && $0 < series.count },
            "Baseline.mean: target rows must lie in \(training.upperBound)..<\(series.count), after the training rows \(training)")
        let mean = ReferenceTarget(series, training: training, seasonalPeriod: 1).trainingMean
        return [Float](repeating: Float(mean), count: targets.count)
    }
}

/// A seasonal period a user asked for that the data cannot support.
public enum BaselineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The period is below 1.
    case invalidSeasonalPeriod(Int)

    /// A one-line message.
    public var description: String {
        switch self {
        case .invalidSeasonalPeriod(let m): "seasonal period must be at least 1, got \(m)"
        }
    }
}

/// The metrics of the three baselines on a model's targets, so a report can say whether
/// the model beats them. JSON keys: `persistence`, `seasonal_naive` (`null` without a
/// seasonal period, or when no target has a row `k − m`), `seasonal_naive_unscored`,
/// `mean`, `seasonal_period`.
///
/// A target row `k < m` has no seasonal naive forecast (`evaluate --all` with a period
/// longer than the model's window): the seasonal naive baseline is scored on the targets
/// that have one and counts the others in `seasonalNaiveUnscored`; the model and the
/// other baselines are scored on every target.
public struct BaselineReport: Codable, Sendable {
    /// Metrics of `ŷ(k) = y(k − 1)`.
    public var persistence: Metrics
    /// Metrics of `ŷ(k) = y(k − m)` over the targets with `k ≥ m`; nil when no period
    /// was given or no target has `k ≥ m`.
    public var seasonalNaive: Metrics?
    /// How many targets have `k < m` and so no seasonal naive forecast (0 without a period).
    public var seasonalNaiveUnscored: Int
    /// Metrics of the training mean.
    public var mean: Metrics
    /// The period m used by the seasonal naive forecast and the MASE scale of all three.
    public var seasonalPeriod: Int?

    enum CodingKeys: String, CodingKey {
        case persistence, mean
        case seasonalNaive = "seasonal_naive", seasonalNaiveUnscored = "seasonal_naive_unscored"
        case seasonalPeriod = "seasonal_period"
    }

    /// The baselines' metrics averaged over `reports` (`Metrics.mean`); the seasonal naive
    /// one only when every report has it; the unscored counts summed.
    ///
    /// - Precondition: `reports` is not empty.
    public static func mean(of reports: [BaselineReport]) -> BaselineReport {
        let seasonal = reports.compactMap(\.seasonalNaive)
        return BaselineReport(
            persistence: .mean(of: reports.map(\.persistence)),
            seasonalNaive: seasonal.count == reports.count ? .mean(of: seasonal) : nil,
            seasonalNaiveUnscored: reports.reduce(0) { $0 + $1.seasonalNaiveUnscored },
            mean: .mean(of: reports.map(\.mean)), seasonalPeriod: reports[0].seasonalPeriod)
    }

    /// Runs the baselines on `targets` of `series` (original units) and scores them against
    /// `series[k]` with `Metrics.compute`, MASE scaled on `series[training]` with period
    /// `seasonalPeriod ?? 1`; every `Metrics.mode` is `mode`.
    ///
    /// - Throws: `BaselineError` when `seasonalPeriod` is below 1.
    /// - Precondition: `targets` is non-empty, each `k` satisfies
    ///   `training.upperBound ≤ k < series.count` and `k ≥ 1`, and `training` is non-empty.
    public static func compute(
        series: [Float], training: Range<Int>, targets: [Int], seasonalPeriod: Int?, mode: EvaluationMode
    ) throws -> BaselineReport {
        if let m = seasonalPeriod, m < 1 { throw BaselineError.invalidSeasonalPeriod(m) }
        let reference = ReferenceTarget(series, training: training, seasonalPeriod: seasonalPeriod ?? 1)
        return compute(reference: reference, targets: targets, seasonal: seasonalPeriod != nil, mode: mode)
    }

    /// The baselines of `targets` read from `reference`: the same forecasts and scores as
    /// `compute(series:…)`, the seasonal naive one (period `reference.seasonalPeriod`) when
    /// `seasonal`, scored on the targets with `k ≥ m`. Predictions are lazy views, nothing
    /// per target is stored.
    ///
    /// - Precondition: as `compute(series:…)`, and `reference` holds every row `k − 1`
    ///   (and `k − m` when `seasonal` and `k ≥ m`).
    public static func compute(
        reference: ReferenceTarget, targets: some Collection<Int>, seasonal: Bool, mode: EvaluationMode
    ) -> BaselineReport {
        let m = reference.seasonalPeriod
        let training = reference.training
        precondition(!training.isEmpty, "BaselineReport: the training rows \(training) are empty")
        precondition(
            targets.allSatisfy { $0 >= max(training.upperBound, 1) && $0 < reference.end },
            "BaselineReport: target rows must lie in \(max(training.upperBound, 1))..<\(reference.end), after the training rows \(training)")
        func score(_ rows: some Collection<Int>, lag: Int) -> Metrics {
            Metrics.compute(
                actual: rows.lazy.map { reference[$0] }, predicted: rows.lazy.map { reference[$0 - lag] },
                scale: reference.trainingScale, mode: mode)
        }
        let seasonalRows = targets.lazy.filter { $0 >= m }
        let seasonalCount = seasonal ? seasonalRows.count : 0
        let mean = Float(reference.trainingMean)
        return BaselineReport(
            persistence: score(targets, lag: 1),
            seasonalNaive: seasonalCount > 0 ? score(seasonalRows, lag: m) : nil,
            seasonalNaiveUnscored: seasonal ? targets.count - seasonalCount : 0,
            mean: Metrics.compute(
                actual: targets.lazy.map { reference[$0] }, predicted: targets.lazy.map { _ in mean },
                scale: reference.trainingScale, mode: mode),
            seasonalPeriod: seasonal ? m : nil)
    }

    /// Decodes a report; `seasonal_naive_unscored` is 0 when absent (files written
    /// before the key existed).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        persistence = try c.decode(Metrics.self, forKey: .persistence)
        seasonalNaive = try c.decodeIfPresent(Metrics.self, forKey: .seasonalNaive)
        seasonalNaiveUnscored = try c.decodeIfPresent(Int.self, forKey: .seasonalNaiveUnscored) ?? 0
        mean = try c.decode(Metrics.self, forKey: .mean)
        seasonalPeriod = try c.decodeIfPresent(Int.self, forKey: .seasonalPeriod)
    }

    /// The memberwise initializer.
    public init(persistence: Metrics, seasonalNaive: Metrics?, seasonalNaiveUnscored: Int, mean: Metrics, seasonalPeriod: Int?) {
        self.persistence = persistence
        self.seasonalNaive = seasonalNaive
        self.seasonalNaiveUnscored = seasonalNaiveUnscored
        self.mean = mean
        self.seasonalPeriod = seasonalPeriod
    }

    /// Encodes every key, absent values as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(persistence, forKey: .persistence)
        try c.encode(seasonalNaive, forKey: .seasonalNaive)
        try c.encode(seasonalNaiveUnscored, forKey: .seasonalNaiveUnscored)
        try c.encode(mean, forKey: .mean)
        try c.encode(seasonalPeriod, forKey: .seasonalPeriod)
    }
}
