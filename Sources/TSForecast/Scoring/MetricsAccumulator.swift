/// The running sums behind `Metrics`, over `(y, ŷ)` pairs in one pass and O(1) memory, so
/// predictions can be scored as they are made instead of being stored first.
///
/// With `e = y − ŷ`: `n`, `Σ e²`, `Σ |e|`, `Σ |e / y|` (and the count of `y ≠ 0`),
/// `Σ 2|e| / (|y| + |ŷ|)`, `min y`, `max y`, and Welford's running mean `ȳ` and
/// `M₂ = Σ (y − ȳ)²` (`ȳ ← ȳ + (y − ȳ)/n`, `M₂ ← M₂ + (y − ȳ_old)(y − ȳ_new)`), all in
/// Double. Pairs with a missing (NaN) actual or prediction are skipped; `skipFilled()`
/// counts the pairs left out because their actual was filled, not measured.
public struct MetricsAccumulator: Sendable {
    private var count = 0, nonZero = 0, filled = 0
    private var meanY = 0.0, sst = 0.0, minY = Double.infinity, maxY = -Double.infinity
    private var sse = 0.0, sae = 0.0, ape = 0.0, sape = 0.0

    /// An accumulator of no values yet.
    public init() {}

    /// Adds the pair `(actual, predicted)` unless either is NaN.
    public mutating func add(actual: Float, predicted: Float) {
        guard !actual.isNaN && !predicted.isNaN else { return }
        let y = Double(actual), p = Double(predicted), e = y - p
        count += 1
        let delta = y - meanY
        meanY += delta / Double(count)
        sst += delta * (y - meanY)
        minY = min(minY, y)
        maxY = max(maxY, y)
        sse += e * e
        sae += abs(e)
        if y != 0 {
            ape += abs(e / y)
            nonZero += 1
        }
        let denominator = abs(y) + abs(p)
        if denominator > 0 { sape += 2 * abs(e) / denominator }
    }

    /// Counts one prediction not scored because its actual is a filled value
    /// (`Recording.filledTargetRows`); reported as `Metrics.filledSkipped`.
    public mutating func skipFilled() { filled += 1 }

    /// The metrics of the pairs added so far (formulas in `Metrics`), with the MASE scale
    /// `scale`; every field but `count` is NaN when no pair was scored.
    public func metrics(scale: Double, mode: EvaluationMode) -> Metrics {
        let n = Double(count)
        let mse = sse / n, rmse = mse.squareRoot(), mae = sae / n
        let std = (sst / n).squareRoot()
        return Metrics(
            mse: mse, rmse: rmse, mae: mae,
            mape: ratio(100 * ape, Double(nonZero)),
            smape: 100 * sape / n,
            mase: ratio(mae, scale),
            r2: 1 - ratio(sse, sst),
            nrmseRange: ratio(rmse, maxY - minY),
            nrmseStd: ratio(rmse, std),
            nrmseMean: ratio(rmse, abs(meanY)),
            fitPercent: 100 * (1 - ratio(sse.squareRoot(), sst.squareRoot())),
            count: count, filledSkipped: filled, mode: mode)
    }

    /// `a / b`, NaN when `b` is zero.
    private func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? .nan : a / b }
}
