/// One recording read from a CSV file: named `Float` columns over the same rows, an
/// optional time axis, and where each row came from (for error messages).
///
/// Missing cells are `Float.nan` here; `Dataset` applies a `MissingValuePolicy` before any
/// window is built, so no NaN ever reaches a model silently.
public struct TimeSeries: Sendable, Equatable {
    /// The series name: the file name without extension, or the id value for id columns.
    public var name: String
    /// The file name used in messages.
    public var file: String
    /// Header names of the numeric columns, in `columns` order.
    public var columnNames: [String]
    /// `columns[c][row]`; NaN marks a missing cell.
    public var columns: [[Float]]
    /// 1-based file position of each column in `columns`.
    public var fileColumns: [Int]
    /// 1-based file line of each row.
    public var lines: RowLines
    /// The row times, or `nil` without a time column.
    public var time: TimeAxis?

    /// A series from its parts; all columns (and `lines`, `time`) have the same length.
    public init(
        name: String, file: String, columnNames: [String], columns: [[Float]], fileColumns: [Int]? = nil,
        lines: RowLines? = nil, time: TimeAxis? = nil
    ) {
        let rows = columns.first?.count ?? 0
        precondition(columns.count == columnNames.count, "TimeSeries: \(columns.count) columns, \(columnNames.count) names")
        precondition(columns.allSatisfy { $0.count == rows }, "TimeSeries: columns differ in length")
        self.name = name
        self.file = file
        self.columnNames = columnNames
        self.columns = columns
        self.fileColumns = fileColumns ?? columns.indices.map { $0 + 1 }
        self.lines = lines ?? RowLines(count: rows, firstLine: 2)
        self.time = time
        precondition(self.lines.count == rows && (time?.values.count ?? rows) == rows, "TimeSeries: rows differ in length")
    }

    /// Number of rows.
    public var count: Int { lines.count }

    /// The position in `columns` of the column named `name`.
    public func columnIndex(_ name: String) throws -> Int {
        guard let i = columnNames.firstIndex(of: name) else { throw unknownColumn(name) }
        return i
    }

    /// The positions of the columns named `names`, in order: one hash lookup each, so
    /// picking many of many columns stays linear.
    public func columnIndices(_ names: [String]) throws -> [Int] {
        var position: [String: Int] = [:]
        for (i, name) in columnNames.enumerated() where position[name] == nil { position[name] = i }
        return try names.map { name in
            guard let i = position[name] else { throw unknownColumn(name) }
            return i
        }
    }

    private func unknownColumn(_ name: String) -> DataError {
        DataError(.unknownColumn("'\(name)'", available: columnNames), at: DataLocation(file: file, line: 1))
    }

    /// The values of the column named `name`.
    public func column(_ name: String) throws -> [Float] { columns[try columnIndex(name)] }

    /// `file:line:column` of a cell.
    public func location(row: Int, column: Int) -> DataLocation {
        DataLocation(file: file, line: lines[row], column: fileColumns[column], columnName: columnNames[column])
    }
}
