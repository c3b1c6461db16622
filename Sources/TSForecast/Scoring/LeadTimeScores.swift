/// RMSE, MAE and MASE of one set of forecasts against their actuals, original units (the
/// formulas of `Metrics`). JSON keys `rmse`, `mae`, `mase`, `count`; undefined values `null`.
public struct PointScores: Codable, Sendable, Equatable {
    /// Root mean squared error.
    public var rmse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Mean absolute scaled error (the training series' one-season naive MAE as the scale).
    public var mase: Double
    /// Pairs scored.
    public var count: Int

    /// The memberwise initializer.
    public init(rmse: Double, mae: Double, mase: Double, count: Int) {
        (self.rmse, self.mae, self.mase, self.count) = (rmse, mae, mase, count)
    }

    /// The three scores of `metrics`.
    init(_ metrics: Metrics) {
        self.init(rmse: metrics.rmse, mae: metrics.mae, mase: metrics.mase, count: metrics.count)
    }

    /// The field-wise mean of `scores`, each score over the entries where it is finite
    /// (`NaN` where none is), `count` summed.
    ///
    /// - Precondition: `scores` is not empty.
    public static func mean(of scores: [PointScores]) -> PointScores {
        precondition(!scores.isEmpty, "PointScores.mean: needs at least one entry")
        func mean(_ path: KeyPath<PointScores, Double>) -> Double {
            let finite = scores.map { $0[keyPath: path] }.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        return PointScores(rmse: mean(\.rmse), mae: mean(\.mae), mase: mean(\.mase), count: scores.reduce(0) { $0 + $1.count })
    }

    enum CodingKeys: String, CodingKey { case rmse, mae, mase, count }

    /// Decodes JSON written by `encode(to:)`; `null` reads back as `NaN`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func real(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        self.init(rmse: try real(.rmse), mae: try real(.mae), mase: try real(.mase), count: try c.decode(Int.self, forKey: .count))
    }

    /// Encodes every key; non-finite values as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (value, key) in [(rmse, CodingKeys.rmse), (mae, .mae), (mase, .mase)] { try c.encode(value.isFinite ? value : nil, forKey: key) }
        try c.encode(count, forKey: .count)
    }
}

/// A model's scores at one lead time `h` beside the same scores of persistence and seasonal
/// naive, whatever the score (`LeadTimeScores`: one series' `PointScores`;
/// `GlobalLeadScores`: `LeadAggregate`s over the series of a global model).
///
/// JSON: `{"lead": h, "model": {Score}, "persistence": {…}, "seasonal_naive": {…} | null}`.
public struct LeadScores<Score: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// `h`, from 1 (0 where an entry is the mean over lead times).
    public var lead: Int
    /// The model's scores.
    public var model: Score
    /// The persistence forecast's scores.
    public var persistence: Score
    /// The seasonal naive forecast's scores, `nil` without a seasonal period (or, for an
    /// aggregate, unless every series has them).
    public var seasonalNaive: Score?

    enum CodingKeys: String, CodingKey {
        case lead, model, persistence
        case seasonalNaive = "seasonal_naive"
    }

    /// The memberwise initializer.
    public init(lead: Int, model: Score, persistence: Score, seasonalNaive: Score?) {
        (self.lead, self.model, self.persistence, self.seasonalNaive) = (lead, model, persistence, seasonalNaive)
    }

    /// Encodes every key, a missing seasonal naive score as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lead, forKey: .lead)
        try c.encode(model, forKey: .model)
        try c.encode(persistence, forKey: .persistence)
        try c.encode(seasonalNaive, forKey: .seasonalNaive)
    }
}

/// The scores of `H`-step forecasts at one lead time `h` (1-based): from every forecast
/// origin `k` (the first forecast row), the forecast of row `t = k + h − 1` against `y(t)`,
/// beside the baselines' forecasts of the same rows from the same origins:
///
/// - persistence: `ŷ(t) = y(k − 1)`, the last value before the origin;
/// - seasonal naive (period `m`): `ŷ(t) = y(t − m·⌈h/m⌉)`, the last value of the same
///   season before the origin.
public typealias LeadTimeScores = LeadScores<PointScores>

extension LeadScores where Score == PointScores {
    /// The lead-wise mean of several reports of the same lead times (e.g. backtest folds):
    /// entry `h` averages entry `h` of each (`average`).
    ///
    /// - Precondition: `reports` is not empty and every report has the same lead times.
    public static func mean(of reports: [[LeadTimeScores]]) -> [LeadTimeScores] {
        precondition(
            !reports.isEmpty && reports.allSatisfy { $0.map(\.lead) == reports[0].map(\.lead) },
            "LeadTimeScores.mean: needs reports of the same lead times")
        return reports[0].indices.map { h in average(reports.map { $0[h] }, lead: reports[0][h].lead) }
    }

    /// `entries` averaged score by score (`PointScores.mean`), the seasonal naive scores
    /// only when every entry has them, under lead `lead` (0 for the mean over lead times).
    ///
    /// - Precondition: `entries` is not empty.
    public static func average(_ entries: [LeadTimeScores], lead: Int) -> LeadTimeScores {
        let seasonal = entries.compactMap(\.seasonalNaive)
        return LeadTimeScores(
            lead: lead, model: .mean(of: entries.map(\.model)), persistence: .mean(of: entries.map(\.persistence)),
            seasonalNaive: seasonal.count == entries.count ? .mean(of: seasonal) : nil)
    }
}
