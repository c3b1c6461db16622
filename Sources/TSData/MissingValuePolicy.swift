/// What to do with missing cells (empty, `NA`, `NaN`, `null`) in the target and inputs.
///
/// There is no silent NaN: every policy either removes the gap or throws.
/// - `error` (default): throws `DataError.Kind.missingValues`, naming the first missing
///   cells (file:line:column) and suggesting the other policies.
/// - `interpolate`: linear interpolation in row index across interior gaps; a leading gap
///   takes the first present value (back-fill) and a trailing gap the last (forward-fill).
/// - `forwardFill`: each gap takes the last present value; a leading gap is back-filled.
/// - `drop`: rows with a missing value are removed from the windows: each gap splits the
///   recording into gap-free segments, and no window or sub-sequence crosses a gap.
///
/// A column with no value at all is an error under every policy except `drop`.
///
/// Filled target values are inputs, never scores: the rows filled are kept in
/// `Recording.filledTargetRows`, and evaluations (test metrics, `evaluate`, backtests)
/// leave them out and report how many (`Metrics.filledSkipped`, JSON `filled_skipped`).
public enum MissingValuePolicy: String, Sendable, Codable, CaseIterable {
    /// Throw, naming the first missing cells.
    case error
    /// Linear inside, nearest value at the ends.
    case interpolate
    /// Last present value (first present value for a leading gap).
    case forwardFill = "ffill"
    /// Split into gap-free segments.
    case drop

    /// Fills the gaps of `column` in place (`interpolate`, `forwardFill`); returns `false`
    /// if the column has no present value at all.
    func fill(_ column: inout [Float]) -> Bool {
        guard let first = column.firstIndex(where: { !$0.isNaN }) else { return column.isEmpty }
        for i in 0..<first { column[i] = column[first] }
        var last = first
        for i in (first + 1)..<max(column.count, first + 1) where !column[i].isNaN {
            if i > last + 1 {
                for j in (last + 1)..<i {
                    column[j] = self == .interpolate
                        ? column[last] + (column[i] - column[last]) * Float(j - last) / Float(i - last)
                        : column[last]
                }
            }
            last = i
        }
        for j in (last + 1)..<max(column.count, last + 1) { column[j] = column[last] }
        return true
    }
}
