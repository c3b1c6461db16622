import TSSupport

/// A place in a source file: `file:line:column`, each part optional.
///
/// Lines and columns are 1-based, as editors show them. `columnName` is the header name of
/// the column when known.
public struct DataLocation: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file name (last path component) the data came from.
    public var file: String
    /// 1-based line, or `nil` when the problem concerns the whole file.
    public var line: Int?
    /// 1-based column (field number), or `nil`.
    public var column: Int?
    /// Header name of the column, or `nil`.
    public var columnName: String?

    /// A location in `file`.
    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

/// A problem with user data (a CSV file or the way it is to be windowed).
///
/// The message names the file, line and column and what was expected, e.g.
/// `series.csv:17:3: column 'Demand': expected a number, found "abc"`. Reading either
/// returns a complete result or throws: there is never a partial result.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// What went wrong, with the details a program may want to inspect.
    public enum Kind: Equatable, Sendable {
        /// The file could not be opened or read.
        case unreadable(reason: String)
        /// The file holds no rows at all.
        case emptyFile
        /// The file holds a header but no data rows.
        case headerOnly
        /// A row has `found` fields where the header has `expected`.
        case raggedRow(expected: Int, found: Int)
        /// A quoted field is not closed before the end of the file.
        case unterminatedQuote
        /// A quote character appears where the CSV grammar does not allow it.
        case malformedQuote
        /// A requested column does not exist; `available` lists the header.
        case unknownColumn(String, available: [String])
        /// Two header cells share `name`; `firstColumn` is the 1-based column of the first.
        case duplicateColumn(String, firstColumn: Int)
        /// A cell of a numeric column is neither a number nor a missing-value marker.
        case notANumber(String)
        /// A number is infinite or overflows `Float` (|x| > 3.4e38).
        case notFinite(String)
        /// A cell holds bytes that are not valid UTF-8.
        case invalidUTF8
        /// A time cell is not an ISO-8601 date/date-time or a plain number.
        case invalidTime(String, expected: String)
        /// A timestamp is not after the previous one (`duplicate` when equal).
        case timeNotIncreasing(String, previous: String, previousLine: Int, duplicate: Bool)
        /// Missing cells under the `error` policy; `cells` lists the first few.
        case missingValues(cells: [DataLocation], total: Int)
        /// A value cannot be transformed (e.g. `log` of a value ≤ 0).
        case invalidValue(Float, reason: String)
        /// A part of the data has too few rows for the requested windows.
        case tooFewRows(needed: Int, available: Int, context: String)
        /// Invalid settings (split fractions, window sizes) given by the user.
        case invalidSetting(String)
        /// A field is longer than `limit` bytes (`CSVOptions.maxFieldBytes`).
        case fieldTooLong(limit: Int)
        /// The file has more than `limit` data rows (`CSVOptions.maxRows`).
        case tooManyRows(limit: Int)
        /// No target column was named and the file has several candidate columns.
        case ambiguousTarget(columns: [String])
        /// A forecast was asked for with no horizon and no future input rows.
        case nothingToForecast
        /// The first row has more than `limit` fields (`CSVOptions.maxColumns`).
        case tooManyColumns(limit: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// Where it went wrong.
    public var location: DataLocation

    /// An error of `kind` at `location`.
    public init(_ kind: Kind, at location: DataLocation) {
        self.kind = kind
        self.location = location
    }

    /// `file:line:column: column 'name': explanation`.
    public var description: String {
        var s = "\(location): "
        if let name = location.columnName { s += "column '\(name)': " }
        return s + explanation
    }

    /// Same as `description`.
    public var errorDescription: String? { description }

    private var explanation: String {
        switch kind {
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .emptyFile: return "the file is empty; expected a header row and data rows"
        case .headerOnly: return "the file has a header but no data rows"
        case .raggedRow(let expected, let found):
            let hint = found > expected ? " (the header has fewer fields than this row)" : ""
            return "expected \(expected) fields like the header, found \(found)\(hint)"
        case .unterminatedQuote: return "unterminated quoted field: expected a closing '\"' before the end of the file"
        case .malformedQuote: return "malformed quoted field: a '\"' inside a field must be doubled and the field quoted"
        case .unknownColumn(let name, let available):
            return "no column \(name); available columns: \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case .duplicateColumn(let name, let first):
            return "duplicate column name '\(name)' (also column \(first)); header names must be unique"
        case .notANumber(let text): return "expected a number, found \"\(text)\""
        case .notFinite(let text): return "expected a finite number within ±3.4e38, found \"\(text)\""
        case .invalidUTF8: return "expected UTF-8 text, found invalid bytes"
        case .invalidTime(let text, let expected): return "expected \(expected), found \"\(text)\""
        case .timeNotIncreasing(let text, let previous, let previousLine, let duplicate):
            return duplicate
                ? "duplicate timestamp \(text) (also on line \(previousLine)); timestamps must be unique"
                : "timestamp \(text) is before \(previous) on line \(previousLine); rows must be sorted by time"
        case .missingValues(let cells, let total):
            let list = cells.map { $0.description }.joined(separator: ", ")
            return "\(total) missing value(s), first at \(list); choose a missing-value policy: "
                + "interpolate, ffill or drop"
        case .invalidValue(let value, let reason): return "cannot use value \(value): \(reason)"
        case .tooFewRows(let needed, let available, let context):
            return "too few rows for the requested windows: \(context) needs at least \(needed) consecutive rows, "
                + "the longest gap-free stretch has \(available)"
        case .invalidSetting(let text): return text
        case .fieldTooLong(let limit):
            return "field longer than \(limit) bytes, the limit of a CSV field (a missing line break or an unclosed quote?)"
        case .tooManyColumns(let limit):
            return "more than \(limit) fields in the first row, the limit of CSV columns"
        case .tooManyRows(let limit):
            return "more than \(limit) data rows, the limit of a CSV file (CSVOptions.maxRows); split the file or raise the limit"
        case .ambiguousTarget(let columns):
            return "choose the target column: the file has \(columns.count) numeric columns (\(columns.joined(separator: ", ")))"
        case .nothingToForecast: return "nothing to forecast: give a horizon or future input rows"
        }
    }
}
