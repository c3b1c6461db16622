/// How an ensemble's members score on their own, on the rows the ensemble was scored on:
/// the minimum, median and maximum over the members of each one's RMSE and MAE (the
/// median of an even count is the mean of the two middle values). JSON keys: `members`,
/// `combine`, `seeds`, `rmse`, `mae` (each `{"min", "median", "max"}`).
public struct MemberSpread: Codable, Sendable, Equatable {
    /// Minimum, median and maximum of one metric over the members.
    public struct Range: Codable, Sendable, Equatable {
        /// The lowest member's value.
        public var min: Double
        /// The median of the members' values.
        public var median: Double
        /// The highest member's value.
        public var max: Double

        /// The range of `values` (at least one; a NaN, from a member whose predictions
        /// were not finite, sorts last).
        public init(_ values: [Double]) {
            let sorted = values.sorted { $0 < $1 || (!$0.isNaN && $1.isNaN) }
            let middle = sorted.count / 2
            min = sorted[0]
            max = sorted[sorted.count - 1]
            median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    /// Members in the ensemble.
    public var members: Int
    /// How their forecasts were combined.
    public var combine: EnsembleCombine
    /// Each member's training seed, in member order.
    public var seeds: [UInt64]
    /// The members' RMSEs.
    public var rmse: Range
    /// The members' MAEs.
    public var mae: Range

    /// The spread of `metrics` (one per member, in member order).
    public init(metrics: [Metrics], combine: EnsembleCombine, seeds: [UInt64]) {
        members = metrics.count
        self.combine = combine
        self.seeds = seeds
        rmse = Range(metrics.map(\.rmse))
        mae = Range(metrics.map(\.mae))
    }
}
