import Foundation

/// Variance- and trend-removing transforms of the target, applied in this order:
/// `z = log y` (optional), seasonal difference `z(t) − z(t−m)` (if `seasonalPeriod m > 0`),
/// then `differences` regular differences `∇z(t) = z(t) − z(t−1)`.
///
/// The first `lostRows = m + d` rows of a segment have no transformed value. The inverse
/// needs the last `lostRows` original values before the forecast origin: given that
/// history (original units) and forecasts in transformed units for the following steps,
/// it integrates step by step (`z(t) = ∇z(t) + z(t−1)`, `z(t) = w(t) + z(t−m)`, `y = eᶻ`),
/// so recursive multi-step forecasts come back in original units. Arithmetic is `Double`.
public struct TargetTransform: Sendable, Codable, Equatable {
    /// Take `log y` first (every value must be > 0).
    public var log: Bool
    /// Order `d` of regular differencing.
    public var differences: Int
    /// Period `m` of one seasonal difference, 0 for none.
    public var seasonalPeriod: Int

    /// A transform; `differences` and `seasonalPeriod` must be ≥ 0.
    public init(log: Bool = false, differences: Int = 0, seasonalPeriod: Int = 0) {
        precondition(differences >= 0 && seasonalPeriod >= 0, "TargetTransform: negative d \(differences) or m \(seasonalPeriod)")
        self.log = log
        self.differences = differences
        self.seasonalPeriod = seasonalPeriod
    }

    /// No transform.
    public static let identity = TargetTransform()

    /// Rows at the start of a segment without a transformed value: `m + d`.
    public var lostRows: Int { differences + seasonalPeriod }

    /// The lag of each differencing stage, in application order.
    private var lags: [Int] { (seasonalPeriod > 0 ? [seasonalPeriod] : []) + Array(repeating: 1, count: differences) }

    /// Index of the first value outside the transform's domain (`≤ 0` or NaN under `log`).
    public func firstInvalid(_ y: some Collection<Float>) -> Int? {
        guard log else { return nil }
        return y.enumerated().first { !($0.element > 0) }?.offset
    }

    /// The transformed series, same length as `y`, NaN in the first `lostRows` entries.
    /// `y` must be in the domain (see `firstInvalid`). One buffer, differenced in place
    /// from the end so each stage reads the previous stage's values.
    public func forward(_ y: some Collection<Float>) -> [Double] {
        var z = y.map { log ? Foundation.log(Double($0)) : Double($0) }
        var valid = 0
        for lag in lags {
            valid += lag
            for t in stride(from: z.count - 1, through: valid, by: -1) { z[t] -= z[t - lag] }
        }
        for t in 0..<min(lostRows, z.count) { z[t] = .nan }
        return z
    }

    /// Forecasts in original units from forecasts `transformed[i]` for the steps after
    /// `history` (original units, at least `lostRows` values, the last one at the origin).
    public func inverse(_ transformed: [Double], history: some Collection<Float>) -> [Double] {
        precondition(history.count >= lostRows, "TargetTransform.inverse: needs \(lostRows) history values, got \(history.count)")
        let stages = stages(of: history.suffix(lostRows))
        var current = transformed
        for (i, lag) in lags.enumerated().reversed() {
            var extended = Array(stages[i].dropFirst(lags[..<i].reduce(0, +)))
            for v in current { extended.append(v + extended[extended.count - lag]) }
            current = Array(extended.suffix(current.count))
        }
        return log ? current.map { Foundation.exp($0) } : current
    }

    /// Stage 0 is `log y` (or `y`); stage `i+1` differences stage `i` at `lags[i]`.
    /// The first `Σ lags[..<i]` entries of stage `i` have no value (they hold 0) and are
    /// never read.
    private func stages(of y: some Collection<Float>) -> [[Double]] {
        var stage = y.map { log ? Foundation.log(Double($0)) : Double($0) }
        var result = [stage]
        var valid = 0
        for lag in lags {
            var next = [Double](repeating: 0, count: stage.count)
            valid += lag
            if valid <= stage.count {
                for t in valid..<stage.count { next[t] = stage[t] - stage[t - lag] }
            }
            stage = next
            result.append(stage)
        }
        return result
    }
}
