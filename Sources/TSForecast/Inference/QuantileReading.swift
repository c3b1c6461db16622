/// How a quantile model's network outputs read as forecasts.
///
/// A network trained with the quantile loss emits `O·Q` values per request: `Q` per
/// predicted value, output `o`'s level-`τⱼ` quantile at `o·Q + j` (`QuantileLoss`). The
/// pinball loss does not keep them in order, so at output each value's `Q` quantiles are
/// **sorted ascending** and paired with the levels in order (non-crossing quantiles, the
/// rearrangement of Chernozhukov, Fernández-Val & Galichon 2010). The **point forecast**
/// is the quantile at level 0.5 when the levels include it, else the mean of the `Q`
/// quantiles.
public struct QuantileReading: Sendable, Equatable {
    /// The levels `τ₁ < … < τ_Q`.
    public let levels: [Double]
    /// The position of level 0.5 in `levels`, if present.
    private let medianIndex: Int?

    /// The reading of a network with quantile levels `levels` (increasing).
    public init(levels: [Double]) {
        precondition(!levels.isEmpty, "QuantileReading: needs at least one level")
        self.levels = levels
        medianIndex = levels.firstIndex(of: 0.5)
    }

    /// The predicted values of one network output row of `O·Q` values, in order: each
    /// one's point forecast and its `Q` quantiles sorted ascending.
    public func read(_ row: some Collection<Float>) -> [(point: Float, quantiles: [Float])] {
        let q = levels.count
        precondition(row.count % q == 0, "QuantileReading: \(row.count) outputs is not a multiple of \(q) levels")
        let values = Array(row)
        return stride(from: 0, to: values.count, by: q).map { start in
            let sorted = values[start..<(start + q)].sorted()
            let point = medianIndex.map { sorted[$0] } ?? Float(sorted.reduce(0.0) { $0 + Double($1) } / Double(q))
            return (point, sorted)
        }
    }
}
