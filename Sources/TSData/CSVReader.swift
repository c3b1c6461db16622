import CCSV
import Foundation

/// Reads CSV files into `TimeSeries` with libcsv, streaming through a fixed-size buffer.
///
/// The file is read in chunks of `options.bufferSize` bytes and never held whole; numbers
/// go straight from libcsv's field buffer into `Float` columns. libcsv runs in strict mode
/// (`CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL`): a stray quote or a quote left open at
/// the end of the file is an error. Any problem throws a `DataError` naming file, line and
/// column; nothing partial is returned.
///
/// ```swift
/// let reader = CSVReader(options: CSVOptions(timeColumn: "date"))
/// let series = try reader.read(file: "data/co2_weekly.csv")   // one TimeSeries
/// ```
public struct CSVReader: Sendable {
    /// How files are read.
    public var options: CSVOptions

    /// A reader with `options`.
    public init(options: CSVOptions = CSVOptions()) {
        self.options = options
    }

    /// The series in one file: one, or one per id value (in order of first appearance)
    /// when `options.idColumn` is set. Each series' times must strictly increase.
    public func read(file path: String) throws -> [TimeSeries] {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let state = CSVParseState(options: options, file: name)
        try stream(path: path, into: state)
        if let error = state.error { throw error }
        guard state.isResolved else { throw DataError(.emptyFile, at: DataLocation(file: name, line: 1)) }
        guard state.rowCount > 0 else { throw DataError(.headerOnly, at: DataLocation(file: name, line: 2)) }
        let series = split(state, name: name)
        for s in series { try checkTimeIncreases(s, column: state.timeColumn) }
        return series
    }

    /// The series of several files, in order; each file is its own recording (or several,
    /// with an id column).
    public func read(files paths: [String]) throws -> [TimeSeries] {
        try paths.flatMap { try read(file: $0) }
    }

    private func stream(path: String, into state: CSVParseState) throws {
        let location = DataLocation(file: state.file)
        guard let handle = fopen(path, "rb") else {
            throw DataError(.unreadable(reason: String(cString: strerror(errno))), at: location)
        }
        defer { fclose(handle) }
        var parser = csv_parser()
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) == 0 else {
            throw DataError(.unreadable(reason: "libcsv could not be initialised"), at: location)
        }
        defer { csv_free(&parser) }
        csv_set_delim(&parser, options.delimiter.rawValue)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: options.bufferSize)
        defer { buffer.deallocate() }
        let context = UnsafeMutableRawPointer(state.cursor)
        var first = true
        while state.error == nil {
            let n = fread(buffer, 1, options.bufferSize, handle)
            if n == 0 { break }
            var start = 0
            if first && n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            first = false
            let used = csv_parse(&parser, buffer + start, n - start, csvFieldCallback, csvRowCallback, context)
            if used != n - start && state.error == nil {
                state.fail(.malformedQuote, line: state.line, column: state.fieldIndex + 1)
            }
        }
        if ferror(handle) != 0 {
            throw DataError(.unreadable(reason: String(cString: strerror(errno))), at: location)
        }
        if state.error == nil && csv_fini(&parser, csvFieldCallback, csvRowCallback, context) != 0 {
            state.fail(.unterminatedQuote, line: state.line, column: state.fieldIndex + 1)
        }
    }

    /// One series, or one per id value.
    private func split(_ state: CSVParseState, name: String) -> [TimeSeries] {
        let header = state.header!
        let names = state.valueColumns.map { header[$0] }
        let fileColumns = state.valueColumns.map { $0 + 1 }
        let stem = (name as NSString).deletingPathExtension
        func makeTime(_ values: [Double]) -> TimeAxis? {
            state.timeColumn == nil ? nil : TimeAxis(kind: state.timeParser.kind ?? .number, values: values)
        }
        guard state.idColumn != nil else {
            return [
                TimeSeries(
                    name: stem, file: name, columnNames: names, columns: state.values, fileColumns: fileColumns,
                    lines: state.lines, time: makeTime(state.times))
            ]
        }
        var rowsOf = Array(repeating: [Int](), count: state.idNames.count)
        for (row, id) in state.ids.enumerated() { rowsOf[Int(id)].append(row) }
        return zip(state.idNames, rowsOf).map { id, rows in
            TimeSeries(
                name: id, file: name, columnNames: names, columns: state.values.map { c in rows.map { c[$0] } },
                fileColumns: fileColumns, lines: rows.map { state.lines[$0] },
                time: makeTime(state.timeColumn == nil ? [] : rows.map { state.times[$0] }))
        }
    }

    private func checkTimeIncreases(_ series: TimeSeries, column: Int?) throws {
        guard let time = series.time, let column else { return }
        let t = time.values
        for i in t.indices.dropFirst() where !(t[i] > t[i - 1]) {
            throw DataError(
                .timeNotIncreasing(
                    time.format(t[i]), previous: time.format(t[i - 1]), previousLine: series.lines[i - 1],
                    duplicate: t[i] == t[i - 1]),
                at: DataLocation(file: series.file, line: series.lines[i], column: column + 1))
        }
    }
}
