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
    /// The period reaches before the first row for target row `target`.
    case seasonalPeriodTooLong(period: Int, target: Int)

    /// A one-line message.
    public var description: String {
        switch self {
        case .invalidSeasonalPeriod(let m): "seasonal period must be at least 1, got \(m)"
        case let .seasonalPeriodTooLong(m, k): "seasonal period \(m) reaches before the start of the series for target row \(k)"
        }
    }
}

/// The metrics of the three baselines on a model's targets, so a report can say whether
/// the model beats them. JSON keys: `persistence`, `seasonal_naive` (`null` without a
/// seasonal period), `mean`, `seasonal_period`.
public struct BaselineReport: Codable, Sendable {
    /// Metrics of `ŷ(k) = y(k − 1)`.
    public var persistence: Metrics
    /// Metrics of `ŷ(k) = y(k − m)`; nil when no period was given.
    public var seasonalNaive: Metrics?
    /// Metrics of the training mean.
    public var mean: Metrics
    /// The period m used by the seasonal naive forecast and the MASE scale of all three.
    public var seasonalPeriod: Int?

    enum CodingKeys: String, CodingKey {
        case persistence, mean
        case seasonalNaive = "seasonal_naive", seasonalPeriod = "seasonal_period"
    }

    /// The baselines' metrics averaged over `reports` (`Metrics.mean`); the seasonal naive
    /// one only when every report has it.
    ///
    /// - Precondition: `reports` is not empty.
    public static func mean(of reports: [BaselineReport]) -> BaselineReport {
        let seasonal = reports.compactMap(\.seasonalNaive)
        return BaselineReport(
            persistence: .mean(of: reports.map(\.persistence)),
            seasonalNaive: seasonal.count == reports.count ? .mean(of: seasonal) : nil,
            mean: .mean(of: reports.map(\.mean)), seasonalPeriod: reports[0].seasonalPeriod)
    }

    /// Runs the baselines on `targets` of `series` (original units) and scores them against
    /// `series[k]` with `Metrics.compute`, MASE scaled on `series[training]` with period
    /// `seasonalPeriod ?? 1`; every `Metrics.mode` is `mode`.
    ///
    /// - Throws: `BaselineError` when `seasonalPeriod` is below 1 or longer than the
    ///   history of the first target.
    /// - Precondition: `targets` is non-empty, each `k` satisfies
    ///   `training.upperBound ≤ k < series.count` and `k ≥ 1`, and `training` is non-empty.
    public static func compute(
        series: [Float], training: Range<Int>, targets: [Int], seasonalPeriod: Int?, mode: EvaluationMode
    ) throws -> BaselineReport {
        if let m = seasonalPeriod, m < 1 { throw BaselineError.invalidSeasonalPeriod(m) }
        let reference = ReferenceTarget(series, training: training, seasonalPeriod: seasonalPeriod ?? 1)
        return try compute(reference: reference, targets: targets, seasonal: seasonalPeriod != nil, mode: mode)
    }

    /// The baselines of `targets` read from `reference`: the same forecasts and scores as
    /// `compute(series:…)`, the seasonal naive one (period `reference.seasonalPeriod`) when
    /// `seasonal`. Predictions are lazy views, nothing per target is stored.
    ///
    /// - Throws: `BaselineError.seasonalPeriodTooLong` when a target has no row `k − m`.
    /// - Precondition: as `compute(series:…)`, and `reference` holds every row `k − 1`
    ///   (and `k − m` when `seasonal`).
    public static func compute(
        reference: ReferenceTarget, targets: some Collection<Int>, seasonal: Bool, mode: EvaluationMode
    ) throws -> BaselineReport {
        let m = reference.seasonalPeriod
        if seasonal, let k = targets.first(where: { $0 < m }) { throw BaselineError.seasonalPeriodTooLong(period: m, target: k) }
        let training = reference.training
        precondition(!training.isEmpty, "BaselineReport: the training rows \(training) are empty")
        precondition(
            targets.allSatisfy { $0 >= max(training.upperBound, 1) && $0 < reference.end },
            "BaselineReport: target rows must lie in \(max(training.upperBound, 1))..<\(reference.end), after the training rows \(training)")
        let actual = targets.lazy.map { reference[$0] }
        func score(_ predicted: some Collection<Float>) -> Metrics {
            Metrics.compute(actual: actual, predicted: predicted, scale: reference.trainingScale, mode: mode)
        }
        let mean = Float(reference.trainingMean)
        return BaselineReport(
            persistence: score(targets.lazy.map { reference[$0 - 1] }),
            seasonalNaive: seasonal ? score(targets.lazy.map { reference[$0 - m] }) : nil,
            mean: score(targets.lazy.map { _ in mean }),
            seasonalPeriod: seasonal ? m : nil)
    }

    /// Encodes every key, absent values as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(persistence, forKey: .persistence)
        try c.encode(seasonalNaive, forKey: .seasonalNaive)
        try c.encode(mean, forKey: .mean)
        try c.encode(seasonalPeriod, forKey: .seasonalPeriod)
    }
}
