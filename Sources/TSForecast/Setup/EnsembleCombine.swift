/// How an ensemble's members' forecasts of one value become the ensemble's
/// (`ForecastSetup.ensembleCombine`).
///
/// - `mean`: `(1/N) Σᵢ vᵢ`, summed in `Double` and rounded once to `Float`.
/// - `median`: the middle value of the sorted `vᵢ`; for even `N` the mean of the two middle
///   ones (rounded once).
///
/// With one member both return the member's value unchanged (bit for bit).
public enum EnsembleCombine: String, Codable, CaseIterable, Sendable {
    /// The arithmetic mean of the members' values.
    case mean
    /// The median of the members' values.
    case median

    /// The combined value of `values` (one per member, at least one).
    public func combine(_ values: [Float]) -> Float {
        precondition(!values.isEmpty, "EnsembleCombine: no values to combine")
        if values.count == 1 { return values[0] }
        switch self {
        case .mean:
            return Float(values.reduce(0.0) { $0 + Double($1) } / Double(values.count))
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : Float((Double(sorted[middle - 1]) + Double(sorted[middle])) / 2)
        }
    }

    /// Level by level: `rows[i]` holds member `i`'s values at every level (all the same
    /// length); level `j` of the result combines `rows[·][j]`, and the result is sorted
    /// ascending. For quantiles under `mean` this is Vincentization (the averaged quantile
    /// function); the sort keeps them non-crossing.
    public func combineSorted(_ rows: [[Float]]) -> [Float] {
        precondition(!rows.isEmpty, "EnsembleCombine: no rows to combine")
        return rows[0].indices.map { j in combine(rows.map { $0[j] }) }.sorted()
    }
}
