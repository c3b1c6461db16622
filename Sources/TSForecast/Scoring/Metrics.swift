/// Forecast accuracy of predictions `ŷ` against actuals `y` (n values, original units),
/// all computed in Double.
///
/// With `e = y − ŷ`, `ȳ = mean(y)`:
///
/// | field | formula |
/// |---|---|
/// | `mse` | `Σ e² / n` |
/// | `rmse` | `√mse` |
/// | `mae` | `Σ |e| / n` |
/// | `mape` | `100 · mean(|e / y|)` over the points with `y ≠ 0` only (zero actuals skipped) |
/// | `smape` | `100 · mean(2|e| / (|y| + |ŷ|))`, a term is 0 when `y = ŷ = 0`; range 0…200 |
/// | `mase` | `mae / s`, `s = mean_{t≥m} |x_t − x_{t−m}|` over the training series `x`, period `m` |
/// | `r2` | `1 − Σ e² / Σ (y − ȳ)²` |
/// | `nrmseRange` | `rmse / (max y − min y)` |
/// | `nrmseStd` | `rmse / std(y)` (population std, divisor n) |
/// | `nrmseMean` | `rmse / |ȳ|` |
/// | `fitPercent` | `100 · (1 − ‖e‖₂ / ‖y − ȳ‖₂)` (MATLAB `compare`'s NRMSE fit) |
///
/// A metric whose denominator is zero (all actuals zero for `mape`, constant actuals for
/// `r2`, a training series of `m` values or fewer for `mase`, …) is `NaN`; non-finite
/// values, including those from non-finite predictions, are written as JSON `null`.
/// JSON keys are snake_case: `mse`, `rmse`, `mae`, `mape`, `smape`, `mase`, `r2`,
/// `nrmse_range`, `nrmse_std`, `nrmse_mean`, `fit_percent`, `count`, `filled_skipped`, `mode`,
/// and `interval` (`IntervalScores`) for models with predictive intervals, left out otherwise;
/// `by_lead_time` (`LeadTimeScores` per lead `h = 1…H`) and `lead_time_mean` (their mean
/// over lead times, `lead` 0) for evaluations by lead time, left out otherwise.
public struct Metrics: Codable, Sendable {
    /// Mean squared error.
    public var mse: Double
    /// Root mean squared error.
    public var rmse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Mean absolute percentage error in percent, over non-zero actuals.
    public var mape: Double
    /// Symmetric MAPE in percent, 0…200.
    public var smape: Double
    /// Mean absolute scaled error (seasonal-naive in-sample MAE as the scale).
    public var mase: Double
    /// Coefficient of determination.
    public var r2: Double
    /// RMSE over the range of the actuals.
    public var nrmseRange: Double
    /// RMSE over the population standard deviation of the actuals.
    public var nrmseStd: Double
    /// RMSE over the absolute mean of the actuals.
    public var nrmseMean: Double
    /// Fit percentage `100·(1 − ‖y − ŷ‖/‖y − ȳ‖)`; 100 is perfect, 0 is no better than `ȳ`.
    public var fitPercent: Double
    /// Number of compared points n.
    public var count: Int
    /// Predictions left out because their actual was filled by the missing-value policy
    /// (`interpolate`, `ffill`) rather than measured; 0 when nothing was filled.
    public var filledSkipped: Int
    /// How the predictions were made (JSON: `"one-step"` or `"simulation"`).
    public var mode: EvaluationMode
    /// The scores of the predictive intervals of Gaussian and quantile models; `nil` for
    /// point forecasts (and baselines).
    public var interval: IntervalScores?
    /// The scores of `H`-step forecasts from every origin, per lead time `h = 1…H`, beside
    /// the baselines at the same lead times; `nil` unless the evaluation asked for them
    /// (direct multi-horizon models, or `leadTimes`).
    public var byLeadTime: [LeadTimeScores]?

    /// The mean over lead times of `byLeadTime` (`LeadTimeScores.average`, `lead` 0).
    public var leadTimeMean: LeadTimeScores? {
        byLeadTime.flatMap { $0.isEmpty ? nil : LeadTimeScores.average($0, lead: 0) }
    }

    enum CodingKeys: String, CodingKey {
        case mse, rmse, mae, mape, smape, mase, r2, count, mode, interval
        case byLeadTime = "by_lead_time", leadTimeMean = "lead_time_mean"
        case filledSkipped = "filled_skipped"
        case nrmseRange = "nrmse_range", nrmseStd = "nrmse_std", nrmseMean = "nrmse_mean", fitPercent = "fit_percent"
    }

    /// The Double fields and their JSON keys.
    private static var realKeys: [(WritableKeyPath<Metrics, Double>, CodingKeys)] {
        [(\.mse, .mse), (\.rmse, .rmse), (\.mae, .mae), (\.mape, .mape), (\.smape, .smape), (\.mase, .mase),
        (\.r2, .r2), (\.nrmseRange, .nrmseRange), (\.nrmseStd, .nrmseStd), (\.nrmseMean, .nrmseMean),
        (\.fitPercent, .fitPercent)]
    }

    /// Computes every metric of `predicted` against `actual`; `trainingSeries` and
    /// `seasonalPeriod` (m ≥ 1) give the MASE scale; `mode` is stored as given. Pairs
    /// whose actual or prediction is missing (NaN, e.g. a seasonal-naive prediction reading
    /// a dropped gap) are left out; `count` says how many were scored.
    ///
    /// - Precondition: `predicted.count == actual.count`, `m ≥ 1`.
    public static func compute(
        actual: some Collection<Float>, predicted: some Collection<Float>, trainingSeries: ArraySlice<Float>, seasonalPeriod: Int = 1,
        mode: EvaluationMode
    ) -> Metrics {
        precondition(seasonalPeriod >= 1, "Metrics.compute: seasonalPeriod must be ≥ 1, got \(seasonalPeriod)")
        return compute(actual: actual, predicted: predicted, scale: seasonalScale(trainingSeries, period: seasonalPeriod), mode: mode)
    }

    /// `compute` with the MASE scale `s` given (e.g. `ReferenceTarget.trainingScale`);
    /// `actual` and `predicted` may be lazy views, read once (`MetricsAccumulator`).
    public static func compute(actual: some Collection<Float>, predicted: some Collection<Float>, scale: Double, mode: EvaluationMode) -> Metrics {
        precondition(
            actual.count == predicted.count,
            "Metrics.compute: \(actual.count) actuals vs \(predicted.count) predictions")
        var accumulator = MetricsAccumulator()
        for (y, p) in zip(actual, predicted) { accumulator.add(actual: y, predicted: p) }
        return accumulator.metrics(scale: scale, mode: mode)
    }

    /// `mean_{t=m}^{n−1} |x_t − x_{t−m}|`, the in-sample MAE of the seasonal naive forecast,
    /// over the pairs without a missing (NaN) value; NaN when there is no such pair.
    public static func seasonalScale(_ series: ArraySlice<Float>, period m: Int) -> Double {
        var total = 0.0, pairs = 0
        for t in rows(from: series.startIndex + m, to: series.endIndex) where !series[t].isNaN && !series[t - m].isNaN {
            total += abs(Double(series[t]) - Double(series[t - m]))
            pairs += 1
        }
        return pairs == 0 ? .nan : total / Double(pairs)
    }

    /// The field-wise mean of `metrics` (e.g. over backtest folds): each real metric
    /// averaged over the entries where it is finite (`NaN` where none is), `count` summed,
    /// `mode` of the first, `interval` by `IntervalScores.mean` (`nil` unless every entry has one),
    /// `byLeadTime` by `LeadTimeScores.mean` (`nil` unless every entry has the same lead times).
    ///
    /// - Precondition: `metrics` is not empty.
    public static func mean(of metrics: [Metrics]) -> Metrics {
        precondition(!metrics.isEmpty, "Metrics.mean: needs at least one entry")
        var result = metrics[0]
        for (path, _) in realKeys {
            let finite = metrics.map { $0[keyPath: path] }.filter(\.isFinite)
            result[keyPath: path] = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        result.count = metrics.reduce(0) { $0 + $1.count }
        result.interval = IntervalScores.mean(of: metrics.map(\.interval))
        let leads = metrics.compactMap(\.byLeadTime)
        let sameLeads = leads.count == metrics.count && leads.allSatisfy { $0.map(\.lead) == leads[0].map(\.lead) }
        result.byLeadTime = sameLeads ? LeadTimeScores.mean(of: leads) : nil
        return result
    }

    /// Decodes JSON written by `encode(to:)`; `null` reads back as `NaN`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        filledSkipped = try c.decodeIfPresent(Int.self, forKey: .filledSkipped) ?? 0
        mode = try c.decode(EvaluationMode.self, forKey: .mode)
        interval = try c.decodeIfPresent(IntervalScores.self, forKey: .interval)
        byLeadTime = try c.decodeIfPresent([LeadTimeScores].self, forKey: .byLeadTime)
        (mse, rmse, mae, mape, smape, mase, r2, nrmseRange, nrmseStd, nrmseMean, fitPercent) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        for (path, key) in Self.realKeys { self[keyPath: path] = try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
    }

    /// Encodes every key; non-finite values as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (path, key) in Self.realKeys {
            let value = self[keyPath: path]
            try c.encode(value.isFinite ? value : nil, forKey: key)
        }
        try c.encode(count, forKey: .count)
        try c.encode(filledSkipped, forKey: .filledSkipped)
        try c.encode(mode, forKey: .mode)
        try c.encodeIfPresent(interval, forKey: .interval)
        try c.encodeIfPresent(byLeadTime, forKey: .byLeadTime)
        try c.encodeIfPresent(leadTimeMean, forKey: .leadTimeMean)
    }

    /// Memberwise initializer.
    public init(
        mse: Double, rmse: Double, mae: Double, mape: Double, smape: Double, mase: Double, r2: Double,
        nrmseRange: Double, nrmseStd: Double, nrmseMean: Double, fitPercent: Double, count: Int, filledSkipped: Int = 0,
        mode: EvaluationMode, interval: IntervalScores? = nil
    ) {
        (self.mse, self.rmse, self.mae, self.mape, self.smape, self.mase, self.r2) = (mse, rmse, mae, mape, smape, mase, r2)
        (self.nrmseRange, self.nrmseStd, self.nrmseMean, self.fitPercent) = (nrmseRange, nrmseStd, nrmseMean, fitPercent)
        (self.count, self.filledSkipped, self.mode, self.interval) = (count, filledSkipped, mode, interval)
    }
}
