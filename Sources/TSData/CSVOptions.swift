/// A column chosen by header name or by 0-based position.
///
/// Literals work: `"co2"` is `.name("co2")`, `2` is `.index(2)` (the third column).
public enum ColumnRef: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral
{
    /// The column whose header is exactly this name.
    case name(String)
    /// The column at this 0-based position (error messages show positions 1-based).
    case index(Int)

    /// `.name(value)`.
    public init(stringLiteral value: String) { self = .name(value) }
    /// `.index(value)` (0-based).
    public init(integerLiteral value: Int) { self = .index(value) }

    /// `'name'` or `#index` (0-based).
    public var description: String {
        switch self {
        case .name(let n): return "'\(n)'"
        case .index(let i): return "#\(i) (0-based)"
        }
    }
}

/// The field separator of a CSV file.
public enum CSVDelimiter: UInt8, Sendable, Codable, CaseIterable {
    /// `,`
    case comma = 0x2C
    /// `;`
    case semicolon = 0x3B
    /// A tab character.
    case tab = 0x09
}

/// How to read a CSV file into time series.
///
/// Fields may be quoted with `"` (embedded delimiters, doubled quotes `""` and newlines
/// allowed); lines end in LF or CRLF; a leading UTF-8 byte-order mark is skipped; blank lines
/// are skipped. Numbers are parsed locale-independently (`1e-3`, `-0.5`, `+2`) into `Float`.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator.
    public var delimiter: CSVDelimiter
    /// Whether the first row names the columns; without a header, columns are named
    /// `column1`, `column2`, … (1-based, like error positions).
    public var hasHeader: Bool
    /// The numeric columns to keep, in this order; `nil` keeps every column except the time
    /// and id columns (then all of them must be numeric).
    public var columns: [ColumnRef]?
    /// The time column (ISO-8601 dates/date-times or numbers), or `nil` for none. Rows must
    /// be strictly increasing in time within each series.
    public var timeColumn: ColumnRef?
    /// A column whose text value names the series each row belongs to, or `nil` when the
    /// file is one series. Rows of one id need not be contiguous.
    public var idColumn: ColumnRef?
    /// Cell texts meaning "missing" (kept as NaN until a missing-value policy handles them).
    public var missingMarkers: Set<String>
    /// Bytes read from the file per chunk (at least 64); the file is never held whole.
    public var bufferSize: Int
    /// Data rows a file may have (all its series together); reading stops with
    /// `DataError.Kind.tooManyRows` at the line of the first row past it, so memory stays
    /// bounded by about `maxRows · (4 · value columns + 8 with a time column)` bytes
    /// whatever the file's size. Default 100,000,000 (400 MB per value column).
    public var maxRows: Int

    /// The longest field, in bytes, libcsv will buffer (1 MiB). A file without line breaks
    /// or with an unclosed quote is one endless field; it is refused after this many
    /// bytes (`DataError.Kind.fieldTooLong`) instead of being buffered whole. Fixed, as
    /// libcsv's allocation hook takes no context.
    public static let maxFieldBytes = 1 << 20

    /// The most fields the first row (the header, or the first data row) may have:
    /// 10,000. Each value column reserves its own buffer before any row is read, so a
    /// hostile first row of a million empty fields would otherwise cost gigabytes.
    public static let maxColumns = 10_000

    /// The default markers of missing cells: empty, `NA`, `NaN`, `null` (and common casings).
    public static let defaultMissingMarkers: Set<String> = ["", "NA", "N/A", "na", "NaN", "nan", "NAN", "null", "NULL", "Null"]

    /// Options for reading; every argument has the usual default.
    public init(
        delimiter: CSVDelimiter = .comma, hasHeader: Bool = true, columns: [ColumnRef]? = nil,
        timeColumn: ColumnRef? = nil, idColumn: ColumnRef? = nil,
        missingMarkers: Set<String> = CSVOptions.defaultMissingMarkers, bufferSize: Int = 1 << 20,
        maxRows: Int = 100_000_000
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.columns = columns
        self.timeColumn = timeColumn
        self.idColumn = idColumn
        self.missingMarkers = missingMarkers
        self.bufferSize = max(64, bufferSize)
        self.maxRows = max(1, maxRows)
    }
}
