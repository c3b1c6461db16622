import TSNN

/// Scores of a model's predictive intervals against the actuals (original units), for the
/// probabilistic losses (`LossKind.isProbabilistic`).
///
/// The scored interval `[l, u]` is central with nominal coverage `1 − α = τ_hi − τ_lo`:
/// the Gaussian models' 95 % interval (`τ_lo = 0.025`, `τ_hi = 0.975`); for quantile
/// models the outermost pair of levels `τ_lo`, `τ_hi = 1 − τ_lo` among their levels, or,
/// without such a pair, the lowest and highest level (`intervalLevels(of:)`). Over the n
/// scored rows:
///
/// | field (JSON key) | formula |
/// |---|---|
/// | `coverage` | `mean 1[l ≤ y ≤ u]` |
/// | `meanWidth` (`mean_width`) | `mean (u − l)` |
/// | `intervalScore` (`interval_score`) | `mean [(u − l) + (2/α)(l − y)·1[y < l] + (2/α)(y − u)·1[y > u]]` (Winkler; Gneiting & Raftery 2007) |
/// | `pinball` | quantile models: `mean over rows and levels ρ_τ(y − q_τ)`, `ρ_τ(e) = max(τe, (τ − 1)e)`; `nil` otherwise |
///
/// plus `lower_level`, `upper_level` (`τ_lo`, `τ_hi`), `nominal` (`1 − α`) and `count` (n).
/// Undefined values (no scored row) are `NaN`, JSON `null`.
public struct IntervalScores: Codable, Sendable, Equatable {
    /// `τ_lo`, the level of the lower bound.
    public var lowerLevel: Double
    /// `τ_hi`, the level of the upper bound.
    public var upperLevel: Double
    /// Nominal coverage `1 − α = τ_hi − τ_lo`.
    public var nominal: Double
    /// The fraction of actuals inside `[l, u]`.
    public var coverage: Double
    /// The mean of `u − l`.
    public var meanWidth: Double
    /// The mean interval (Winkler) score; lower is better.
    public var intervalScore: Double
    /// The mean pinball loss over every quantile level (quantile models only).
    public var pinball: Double?
    /// Rows scored.
    public var count: Int

    enum CodingKeys: String, CodingKey {
        case nominal, coverage, pinball, count
        case lowerLevel = "lower_level", upperLevel = "upper_level", meanWidth = "mean_width", intervalScore = "interval_score"
    }

    /// The positions in `levels` (increasing) of the scored interval's bounds: the
    /// outermost `τ_lo` whose `1 − τ_lo` is also a level (within 10⁻⁹), else the first and
    /// last level; `nil` with fewer than two levels.
    public static func intervalLevels(of levels: [Double]) -> (lower: Int, upper: Int)? {
        guard levels.count >= 2 else { return nil }
        for (i, tau) in levels.enumerated() where tau < 0.5 {
            if let j = levels.lastIndex(where: { abs($0 - (1 - tau)) < 1e-9 }) { return (i, j) }
        }
        return (0, levels.count - 1)
    }

    /// The field-wise mean of `scores` (e.g. over backtest folds), each real field over the
    /// entries where it is finite, `count` summed; `nil` when any entry is `nil` or they
    /// score different intervals.
    public static func mean(of scores: [IntervalScores?]) -> IntervalScores? {
        let all = scores.compactMap { $0 }
        guard let first = all.first, all.count == scores.count,
            all.allSatisfy({ $0.lowerLevel == first.lowerLevel && $0.upperLevel == first.upperLevel && ($0.pinball == nil) == (first.pinball == nil) })
        else { return nil }
        func mean(_ values: [Double]) -> Double {
            let finite = values.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        var result = first
        result.coverage = mean(all.map(\.coverage))
        result.meanWidth = mean(all.map(\.meanWidth))
        result.intervalScore = mean(all.map(\.intervalScore))
        result.pinball = first.pinball == nil ? nil : mean(all.compactMap(\.pinball))
        result.count = all.reduce(0) { $0 + $1.count }
        return result
    }

    /// Decodes JSON written by `encode(to:)`; `null` reads back as `NaN`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func real(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        lowerLevel = try real(.lowerLevel)
        upperLevel = try real(.upperLevel)
        nominal = try real(.nominal)
        coverage = try real(.coverage)
        meanWidth = try real(.meanWidth)
        intervalScore = try real(.intervalScore)
        pinball = try c.decodeIfPresent(Double.self, forKey: .pinball)
        count = try c.decode(Int.self, forKey: .count)
    }

    /// Encodes every key; non-finite values as `null`, `pinball` only for quantile models.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (value, key) in [(lowerLevel, CodingKeys.lowerLevel), (upperLevel, .upperLevel), (nominal, .nominal), (coverage, .coverage), (meanWidth, .meanWidth), (intervalScore, .intervalScore)] {
            try c.encode(value.isFinite ? value : nil, forKey: key)
        }
        if let pinball { try c.encode(pinball.isFinite ? pinball : nil, forKey: .pinball) }
        try c.encode(count, forKey: .count)
    }

    /// Memberwise initializer.
    public init(
        lowerLevel: Double, upperLevel: Double, nominal: Double, coverage: Double, meanWidth: Double, intervalScore: Double,
        pinball: Double?, count: Int
    ) {
        (self.lowerLevel, self.upperLevel, self.nominal) = (lowerLevel, upperLevel, nominal)
        (self.coverage, self.meanWidth, self.intervalScore, self.pinball, self.count) = (coverage, meanWidth, intervalScore, pinball, count)
    }
}

/// The running sums behind `IntervalScores`, one row at a time in O(1) memory.
///
/// Each row gives its actual `y` and the predictive quantiles at `levels` (original units,
/// increasing); rows with a NaN actual or quantile are skipped.
public struct IntervalAccumulator: Sendable {
    /// The levels of the quantiles each row gives.
    public let levels: [Double]
    /// Whether the mean pinball loss over the levels is scored (quantile models).
    public let scoresPinball: Bool
    private let bounds: (lower: Int, upper: Int)
    private var count = 0, covered = 0
    private var width = 0.0, score = 0.0, pinball = 0.0

    /// An accumulator for rows of quantiles at `levels` (at least two, increasing).
    public init(levels: [Double], scoresPinball: Bool) {
        guard let bounds = IntervalScores.intervalLevels(of: levels) else {
            preconditionFailure("IntervalAccumulator: needs at least two levels, got \(levels)")
        }
        (self.levels, self.scoresPinball, self.bounds) = (levels, scoresPinball, bounds)
    }

    /// Adds the row `(actual, quantiles)`, `quantiles` at `levels`.
    public mutating func add(actual: Float, quantiles: [Float]) {
        precondition(quantiles.count == levels.count, "IntervalAccumulator: \(quantiles.count) quantiles for \(levels.count) levels")
        guard !actual.isNaN, !quantiles.contains(where: \.isNaN) else { return }
        let y = Double(actual), l = Double(quantiles[bounds.lower]), u = Double(quantiles[bounds.upper])
        let alpha = 1 - (levels[bounds.upper] - levels[bounds.lower])
        count += 1
        if l <= y && y <= u { covered += 1 }
        width += u - l
        score += (u - l) + (y < l ? 2 / alpha * (l - y) : 0) + (y > u ? 2 / alpha * (y - u) : 0)
        if scoresPinball {
            var row = 0.0
            for (tau, q) in zip(levels, quantiles) { row += QuantileLoss.pinball(level: tau, actual: y, quantile: Double(q)) }
            pinball += row / Double(levels.count)
        }
    }

    /// The scores of the rows added so far (NaN fields when none was scored).
    public var scores: IntervalScores {
        let n = Double(count)
        let (lo, hi) = (levels[bounds.lower], levels[bounds.upper])
        return IntervalScores(
            lowerLevel: lo, upperLevel: hi, nominal: hi - lo, coverage: Double(covered) / n, meanWidth: width / n,
            intervalScore: score / n, pinball: scoresPinball ? pinball / n : nil, count: count)
    }
}
