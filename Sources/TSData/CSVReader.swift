import CCSV
import Dispatch
import TSSupport

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
        let name = URL(fileURLWithPath: path, isDirectory: false).lastPathComponent
        let state = CSVParseState(options: options, file: name)
        try stream(path: path, into: state)
        state.endOfFile()
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

    /// Streams the file through `options.bufferSize` chunks, checking `options.maxRows`
    /// after each (so at most one chunk's rows past the limit are ever held).
    ///
    /// Each chunk is cut after its last LF; the rest is carried to the next chunk. While
    /// no quote has been seen (and there is no id column), a chunk's complete rows are
    /// split at a LF near the middle and the halves parsed by two libcsv parsers on two
    /// threads, then appended in order (lines shifted). From the first quote on, one
    /// parser takes every byte in order, as libcsv's quoting rules need.
    private func stream(path: String, into state: CSVParseState) throws {
        let location = DataLocation(file: state.file)
        guard let handle = fopen(path, "rb") else {
            throw DataError(.unreadable(reason: String(cString: strerror(errno))), at: location)
        }
        defer { fclose(handle) }
        guard let main = CSVParserHandle(state: state) else {
            throw DataError(.unreadable(reason: "libcsv could not be initialised"), at: location)
        }
        let size = options.bufferSize
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var workers: [CSVParserHandle] = []
        var sequential = options.idColumn != nil
        var carry = 0
        var first = true
        while state.error == nil && state.withinRowLimit() {
            let n = fread(buffer + carry, 1, size - carry, handle)
            var start = 0
            if first && carry + n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            first = false
            let total = carry + n
            carry = 0
            if n == 0 || sequential {
                main.feed(buffer + start, count: total - start)
                if n == 0 { break } else { continue }
            }
            var cut = total
            while cut > start && buffer[cut - 1] != 0x0A { cut -= 1 }
            if cut == start {
                sequential = true  // one row longer than the buffer
                main.feed(buffer + start, count: total - start)
                continue
            }
            if memchr(buffer + start, 0x22, cut - start) != nil {
                sequential = true
                main.feed(buffer + start, count: total - start)
                continue
            }
            if !state.isResolved || cut - start < 1 << 15 {
                main.feed(buffer + start, count: cut - start, plainRows: state.isResolved)
            } else {
                if workers.isEmpty {
                    workers = (0..<2).compactMap { _ in CSVParserHandle(state: CSVParseState(workerOf: state)) }
                }
                parseInParallel(buffer + start, count: cut - start, workers: workers, into: state)
            }
            carry = total - cut
            memmove(buffer, buffer + cut, carry)
        }
        if ferror(handle) != 0 {
            throw DataError(.unreadable(reason: String(cString: strerror(errno))), at: location)
        }
        main.finish()
    }

    /// Parses complete rows (`bytes` ends with LF, holds no quote) as two halves on
    /// two threads and appends both to `state` in order.
    private func parseInParallel(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, workers: [CSVParserHandle], into state: CSVParseState) {
        let middle = count / 2
        let split = memchr(bytes + middle, 0x0A, count - middle).map { $0 - UnsafeMutableRawPointer(bytes) + 1 } ?? count
        nonisolated(unsafe) let base = bytes
        let pieces = [0..<split, split..<count]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            workers[i].feed(base + pieces[i].lowerBound, count: pieces[i].count, plainRows: true)
        }
        let startLine = state.line
        let firstLines = workers[0].state.linesConsumed
        let secondLines = workers[1].state.linesConsumed
        state.absorb(workers[0].state, lineOffset: startLine - 1)
        state.absorb(workers[1].state, lineOffset: startLine - 1 + firstLines)
        state.cursor.pointee.line = startLine + firstLines + secondLines
    }

    /// One series, or one per id value.
    private func split(_ state: CSVParseState, name: String) -> [TimeSeries] {
        let header = state.header!
        let names = state.valueColumns.map { header[$0] }
        let fileColumns = state.valueColumns.map { $0 + 1 }
        let stem = Self.stem(of: name)
        func makeTime(_ values: [Double]) -> TimeAxis? {
            state.timeColumn == nil ? nil : TimeAxis(kind: state.timeParser.kind ?? .number, values: values)
        }
        let values = state.takeValues()
        let lines = state.takeLines()
        guard state.idColumn != nil else {
            return [
                TimeSeries(
                    name: stem, file: name, columnNames: names, columns: values, fileColumns: fileColumns,
                    lines: lines, time: makeTime(state.times))
            ]
        }
        var rowsOf = Array(repeating: [Int](), count: state.idNames.count)
        for (row, id) in state.ids.enumerated() { rowsOf[Int(id)].append(row) }
        return zip(state.idNames, rowsOf).map { id, rows in
            TimeSeries(
                name: id, file: name, columnNames: names, columns: values.map { c in rows.map { c[$0] } },
                fileColumns: fileColumns, lines: RowLines(rows.lazy.map { lines[$0] }),
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
