/// One recording prepared for forecasting: a target `y`, exogenous inputs `u_j`, and the
/// gap-free row ranges (segments) that windows may use.
///
/// Rows keep their original indices (a dropped gap leaves a hole between segments), so
/// every window's target row traces back to the file line `lines[row]`.
public struct Recording: Sendable, Equatable {
    /// The series name (file stem or id value).
    public var name: String
    /// The file name, for messages.
    public var file: String
    /// `y(t)`, one value per row.
    public var target: [Float]
    /// `inputs[j][t] = u_j(t)`.
    public var inputs: [[Float]]
    /// Gap-free, increasing, disjoint row ranges; windows never cross from one to the next.
    public var segments: [Range<Int>]
    /// The row times, if the file had a time column.
    public var time: TimeAxis?
    /// 1-based file line of each row.
    public var lines: RowLines
    /// 1-based file column of the target.
    public var targetColumn: Int
    /// Rows whose target cell was missing and was filled by the `MissingValuePolicy`
    /// (`interpolate`, `ffill`), ascending. They feed windows like measured values, but
    /// evaluations do not score predictions against them.
    public var filledTargetRows: [Int] = []

    /// Number of rows (including dropped gap rows).
    public var count: Int { target.count }

    /// `file:line:column` of the target cell of `row`.
    public func location(row: Int, name: String? = nil) -> DataLocation {
        DataLocation(file: file, line: lines[row], column: targetColumn, columnName: name)
    }
}

/// Several recordings sharing a target column and exogenous input columns.
///
/// Each recording (a file, or an id value) is independent: no window crosses from one into
/// another. Building a dataset applies the `MissingValuePolicy`, so a `Dataset` never holds
/// a NaN inside a segment.
public struct Dataset: Sendable, Equatable {
    /// Name of the target column `y`.
    public var targetName: String
    /// Names of the exogenous input columns `u_1 … u_m`, in feature order.
    public var inputNames: [String]
    /// The recordings, in the order given.
    public var recordings: [Recording]

    /// Picks `target` and `inputs` from each series and applies `missing`.
    ///
    /// - Throws: `DataError` for an unknown column, for missing cells under `.error`, or a
    ///   column without any value.
    public init(series: [TimeSeries], target: String, inputs: [String] = [], missing: MissingValuePolicy = .error) throws {
        targetName = target
        inputNames = inputs
        recordings = try series.map { try Dataset.recording(from: $0, target: target, inputs: inputs, missing: missing) }
    }

    /// A dataset from already prepared recordings (used by transforms).
    public init(targetName: String, inputNames: [String], recordings: [Recording]) {
        self.targetName = targetName
        self.inputNames = inputNames
        self.recordings = recordings
    }

    /// Number of exogenous inputs `m`.
    public var inputCount: Int { inputNames.count }

    private static func recording(
        from series: TimeSeries, target: String, inputs: [String], missing: MissingValuePolicy
    ) throws -> Recording {
        let indices = try series.columnIndices([target] + inputs)
        var columns = indices.map { series.columns[$0] }
        let rows = series.count
        var segments = rows > 0 ? [0..<rows] : []
        var filled: [Int] = []
        switch missing {
        case .error:
            var cells: [DataLocation] = []
            var total = 0
            for row in 0..<rows {
                for (c, index) in indices.enumerated() where columns[c][row].isNaN {
                    total += 1
                    if cells.count < 5 { cells.append(series.location(row: row, column: index)) }
                }
            }
            if let first = cells.first {
                throw DataError(.missingValues(cells: cells, total: total), at: DataLocation(file: first.file, line: first.line, column: first.column))
            }
        case .interpolate, .forwardFill:
            filled = columns[0].indices.filter { columns[0][$0].isNaN }
            for (c, index) in indices.enumerated() where !missing.fill(&columns[c]) {
                throw DataError(
                    .invalidSetting("the column has no value at all; nothing to fill from"),
                    at: DataLocation(file: series.file, line: 1, column: series.fileColumns[index], columnName: series.columnNames[index]))
            }
        case .drop:
            segments = []
            var start: Int?
            for row in 0...rows {
                let present = row < rows && columns.allSatisfy { !$0[row].isNaN }
                if present, start == nil { start = row }
                if !present, let s = start {
                    segments.append(s..<row)
                    start = nil
                }
            }
        }
        return Recording(
            name: series.name, file: series.file, target: columns[0], inputs: Array(columns.dropFirst()),
            segments: segments, time: series.time, lines: series.lines, targetColumn: series.fileColumns[indices[0]],
            filledTargetRows: filled)
    }
}
