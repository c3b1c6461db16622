/// The state libcsv's callbacks write into while a file streams through the parser.
///
/// libcsv reports each field (`csvFieldCallback`) and each row end (`csvRowCallback`, with
/// the terminating character, CR or LF, or −1 at the end of the file). The hot state lives
/// in a `CSVCursor` behind a raw pointer; this class holds the rare paths (header, time and
/// id cells, missing markers, errors). With `CSV_REPALL_NL` every unquoted
/// CR and LF is reported, which lets this class count physical lines: a row's line is where
/// its first field starts; newlines inside quoted fields are counted per field. The first
/// error stops all further work; the reader then throws it.
final class CSVParseState {
    /// Slot codes in `CSVCursor.slots` for columns that are not numeric values.
    static let ignoreSlot: Int32 = -1, timeSlot: Int32 = -2, idSlot: Int32 = -3

    let options: CSVOptions
    let file: String
    /// The hot state the callbacks use; its address is libcsv's context pointer.
    let cursor: UnsafeMutablePointer<CSVCursor>
    private(set) var error: DataError?

    // Header.
    private var firstRow: [[UInt8]] = []
    private(set) var header: [String]?
    private(set) var valueColumns: [Int] = []
    private(set) var timeColumn: Int?
    private(set) var idColumn: Int?
    /// The header's line when it names no value column. Reported only once the first data
    /// row has ended: a header that is merely shorter than the rows is reported instead, as
    /// a ragged row at the first longer row (`rowEnd`).
    private var headerWithoutValues: Int?

    // Text-valued data, one entry per row (numbers live in the cursor's buffers).
    private(set) var times: [Double] = []
    private(set) var timeParser = TimeParser()
    private(set) var ids: [Int32] = []
    private(set) var idNames: [String] = []
    private var idLookup: [String: Int32] = [:]

    init(options: CSVOptions, file: String) {
        self.options = options
        self.file = file
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: CSVCursor(owner: Unmanaged.passUnretained(self)))
    }

    deinit {
        if let columns = cursor.pointee.columns {
            for i in valueColumns.indices { columns[i].deallocate() }
            columns.deallocate()
        }
        cursor.pointee.slots?.deallocate()
        cursor.deinitialize(count: 1)
        cursor.deallocate()
    }

    /// Records the first error (later ones are consequences of it) and stops the callbacks.
    func fail(_ kind: DataError.Kind, line: Int?, column: Int?, columnName: String? = nil) {
        if error == nil {
            error = DataError(kind, at: DataLocation(file: file, line: line, column: column, columnName: columnName))
        }
        cursor.pointee.failed = true
    }

    /// Whether the header (or, without one, the first row) has been seen.
    var isResolved: Bool { header != nil }
    /// Number of data rows so far.
    var rowCount: Int { cursor.pointee.lines.count }
    /// The current 1-based line.
    var line: Int { cursor.pointee.line }
    /// The 0-based field index within the current row.
    var fieldIndex: Int { cursor.pointee.fieldIndex }
    /// 1-based line of each data row, taken out of the parser (call once).
    func takeLines() -> RowLines {
        defer { cursor.pointee.lines = RowLines() }
        return cursor.pointee.lines
    }
    /// One array per value column, each taken out of its buffer in turn (call once).
    func takeValues() -> [[Float]] {
        guard let columns = cursor.pointee.columns else { return [] }
        return valueColumns.indices.map { columns[$0].takeArray() }
    }

    // MARK: Slow paths of the callbacks

    /// Every field the fast path in `csvFieldCallback` did not take (`column` is 0-based).
    func field(_ bytes: UnsafePointer<UInt8>, _ count: Int, column: Int) {
        let line = cursor.pointee.line
        guard isResolved else {
            guard firstRow.count < CSVOptions.maxColumns else {
                return fail(.tooManyColumns(limit: CSVOptions.maxColumns), line: line, column: column + 1)
            }
            firstRow.append(Array(UnsafeBufferPointer(start: bytes, count: count)))
            countNewlines(bytes, count)
            return
        }
        if let headerLine = headerWithoutValues, column == 0, rowCount > 0 {
            failNoValueColumns(headerLine: headerLine)
            return
        }
        guard column < cursor.pointee.slotCount else { return }  // reported as a ragged row at the row end
        let slot = cursor.pointee.slots![column]
        switch slot {
        case CSVParseState.timeSlot:
            guard let t = timeParser.parse(bytes, count: count) else {
                if let text = validText(bytes, count, column: column) {
                    fail(.invalidTime(text, expected: timeParser.expectation), line: line, column: column + 1, columnName: header?[column])
                }
                return
            }
            times.append(t)
        case CSVParseState.idSlot:
            guard let text = validText(bytes, count, column: column) else { return }
            if let id = idLookup[text] {
                ids.append(id)
            } else {
                idLookup[text] = Int32(idNames.count)
                ids.append(Int32(idNames.count))
                idNames.append(text)
            }
            countNewlines(bytes, count)
        case CSVParseState.ignoreSlot:
            _ = validText(bytes, count, column: column)
            countNewlines(bytes, count)
        default:
            switch NumberParser.parse(bytes, count: count) {
            case .value(let v): cursor.pointee.columns![Int(slot)].append(v)
            case .overflow: fail(.notFinite(text(bytes, count)), line: line, column: column + 1, columnName: header?[column])
            case .invalid:
                if options.missingMarkers.contains(text(bytes, count)) {
                    cursor.pointee.columns![Int(slot)].append(.nan)
                } else if let text = validText(bytes, count, column: column) {
                    let infinite = ["inf", "infinity"].contains(text.lowercased().trimmingPrefix(while: { $0 == "+" || $0 == "-" }))
                    fail(infinite ? .notFinite(text) : .notANumber(text), line: line, column: column + 1, columnName: header?[column])
                }
            }
        }
    }

    /// A row end with `fields` fields that is not a complete data row: the header, or a
    /// ragged row.
    func rowEnd(fields: Int) {
        guard isResolved else {
            resolveHeader()
            if !options.hasHeader { replayFirstRow() }
            return
        }
        let expected = cursor.pointee.slotCount
        fail(.raggedRow(expected: expected, found: fields), line: cursor.pointee.rowLine, column: min(fields, expected) + 1)
    }

    // MARK: Header

    private func resolveHeader() {
        let rowLine = cursor.pointee.rowLine
        var names: [String] = []
        var columnOf: [String: Int] = [:]  // a hash lookup: a header may have 10⁵ fields
        for (i, bytes) in firstRow.enumerated() {
            var name = ""
            if options.hasHeader {
                guard let text = bytes.withUnsafeBufferPointer({ validText($0.baseAddress!, $0.count, column: i) })
                else { return }
                name = text
            }
            if name.isEmpty { name = "column\(i + 1)" }
            if let first = columnOf[name] {
                fail(.duplicateColumn(name, firstColumn: first + 1), line: rowLine, column: i + 1)
                return
            }
            columnOf[name] = i
            names.append(name)
        }
        func resolve(_ ref: ColumnRef) -> Int? {
            switch ref {
            case .name(let n):
                if let i = columnOf[n] { return i }
            case .index(let i):
                if i >= 0 && i < names.count { return i }
            }
            fail(.unknownColumn(ref.description, available: names), line: rowLine, column: nil)
            return nil
        }
        var slots = Array(repeating: CSVParseState.ignoreSlot, count: names.count)
        if let ref = options.timeColumn {
            guard let i = resolve(ref) else { return }
            timeColumn = i
            slots[i] = CSVParseState.timeSlot
        }
        if let ref = options.idColumn {
            guard let i = resolve(ref) else { return }
            idColumn = i
            slots[i] = CSVParseState.idSlot
        }
        let chosen = options.columns.map { $0.map(resolve) } ?? names.indices.filter { slots[$0] == CSVParseState.ignoreSlot }.map { Optional($0) }
        for index in chosen {
            guard let i = index else { return }
            guard slots[i] == CSVParseState.ignoreSlot else {
                fail(.invalidSetting("column '\(names[i])' is chosen twice (as a value column and as the time or id column, or repeated)"),
                     line: rowLine, column: i + 1)
                return
            }
            slots[i] = Int32(valueColumns.count)
            valueColumns.append(i)
        }
        if valueColumns.isEmpty { headerWithoutValues = rowLine }
        install(header: names, slots: slots)
    }

    /// Called once the whole file has been fed: reports a header without value columns
    /// whose rows were no longer than it, and rows past `options.maxRows`.
    func endOfFile() {
        if let headerLine = headerWithoutValues { failNoValueColumns(headerLine: headerLine) }
        _ = withinRowLimit()
    }

    /// Whether the rows so far are within `options.maxRows`; otherwise records
    /// `tooManyRows` at the line of the first row past the limit.
    func withinRowLimit() -> Bool {
        guard rowCount > options.maxRows else { return true }
        fail(.tooManyRows(limit: options.maxRows), line: cursor.pointee.lines[options.maxRows], column: nil)
        return false
    }

    private func failNoValueColumns(headerLine: Int) {
        fail(.invalidSetting("no numeric value columns to read"), line: headerLine, column: nil)
    }

    /// Allocates the value buffers and makes the fast path live.
    private func install(header names: [String], slots: [Int32]) {
        let columns = UnsafeMutablePointer<GrowableBuffer<Float>>.allocate(capacity: valueColumns.count)
        for i in valueColumns.indices { (columns + i).initialize(to: GrowableBuffer()) }
        let slotPointer = UnsafeMutablePointer<Int32>.allocate(capacity: slots.count)
        slotPointer.initialize(from: slots, count: slots.count)
        cursor.pointee.columns = columns
        cursor.pointee.slots = slotPointer
        cursor.pointee.slotCount = slots.count
        header = names
    }

    // MARK: Parallel chunks

    /// A state for parsing whole rows of the same file on another thread: same header and
    /// columns, time kind so far, lines counted from 1 (see `absorb`). Not for id columns.
    init(workerOf main: CSVParseState) {
        precondition(main.isResolved && main.idColumn == nil, "CSVParseState(workerOf:): main state must be resolved, without id column")
        options = main.options
        file = main.file
        cursor = .allocate(capacity: 1)
        valueColumns = main.valueColumns
        timeColumn = main.timeColumn
        timeParser = main.timeParser
        cursor.initialize(to: CSVCursor(owner: Unmanaged.passUnretained(self)))
        install(header: main.header!, slots: Array(UnsafeBufferPointer(start: main.cursor.pointee.slots, count: main.cursor.pointee.slotCount)))
    }

    /// Lines the worker has passed since it was last absorbed.
    var linesConsumed: Int { cursor.pointee.line - 1 }

    /// Appends a worker's rows (its lines shifted by `lineOffset`), takes over its error,
    /// and empties it for the next chunk.
    func absorb(_ worker: CSVParseState, lineOffset: Int) {
        if var e = worker.error, error == nil {
            e.location.line = e.location.line.map { $0 + lineOffset }
            error = e
            cursor.pointee.failed = true
        }
        let w = worker.cursor
        for i in valueColumns.indices {
            cursor.pointee.columns![i].append(contentsOf: w.pointee.columns![i])
            w.pointee.columns![i].removeAll()
        }
        cursor.pointee.lines.append(contentsOf: w.pointee.lines, lineOffset: lineOffset)
        w.pointee.lines = RowLines()
        w.pointee.line = 1
        times += worker.times
        worker.times.removeAll(keepingCapacity: true)
        timeParser.merge(worker.timeParser)
    }

    private func replayFirstRow() {
        let saved = cursor.pointee.line
        let rowLine = cursor.pointee.rowLine
        cursor.pointee.line = rowLine
        cursor.pointee.fieldIndex = 0
        for bytes in firstRow {
            bytes.withUnsafeBufferPointer {
                csvFieldCallback(UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count, UnsafeMutableRawPointer(cursor))
            }
        }
        cursor.pointee.fieldIndex = 0
        cursor.pointee.line = saved
        if error == nil { cursor.pointee.lines.append(line: rowLine) }
    }

    // MARK: Cell helpers

    private func text(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The cell as a `String`, or `nil` after recording an invalid-UTF-8 error.
    private func validText(_ bytes: UnsafePointer<UInt8>, _ count: Int, column: Int) -> String? {
        if let s = String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self) { return s }
        fail(.invalidUTF8, line: cursor.pointee.line, column: column + 1, columnName: header?[column])
        return nil
    }

    private func countNewlines(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        for i in 0..<count where bytes[i] == 0x0A { cursor.pointee.line += 1 }
    }
}

/// The per-field state of a parse, reached through libcsv's context pointer so the hot path
/// runs without class-property exclusivity checks or reference counting.
struct CSVCursor {
    var line = 1
    var rowLine = 1
    var fieldIndex = 0
    var lastWasCR = false
    var failed = false
    /// Header width; 0 until the header is resolved (every field then takes the slow path).
    var slotCount = 0
    /// Per file column: a value slot ≥ 0, or `CSVParseState.ignoreSlot/timeSlot/idSlot`.
    var slots: UnsafeMutablePointer<Int32>?
    /// One buffer per value slot.
    var columns: UnsafeMutablePointer<GrowableBuffer<Float>>?
    /// 1-based line of each complete data row (breakpoints only, see `RowLines`).
    var lines = RowLines()
    let owner: Unmanaged<CSVParseState>

    init(owner: Unmanaged<CSVParseState>) { self.owner = owner }
}

/// libcsv field callback: numbers of value columns are parsed and stored right here;
/// everything else goes to `CSVParseState.field`.
func csvFieldCallback(_ data: UnsafeMutableRawPointer?, _ count: Int, _ context: UnsafeMutableRawPointer?) {
    let c = context!.assumingMemoryBound(to: CSVCursor.self)
    guard !c.pointee.failed else { return }
    let column = c.pointee.fieldIndex
    if column == 0 { c.pointee.rowLine = c.pointee.line }
    c.pointee.fieldIndex = column + 1
    let bytes = UnsafePointer(data?.assumingMemoryBound(to: UInt8.self)) ?? UnsafePointer(bitPattern: 1)!
    if column < c.pointee.slotCount, case let slot = c.pointee.slots![column], slot >= 0,
        case .value(let v) = NumberParser.parse(bytes, count: count)
    {
        c.pointee.columns![Int(slot)].append(v)
        return
    }
    c.pointee.owner.takeUnretainedValue().field(bytes, count, column: column)
}

/// libcsv row callback (`terminator` is CR, LF, or −1 at the end of the file). Counts
/// physical lines: CR, LF and CRLF each end one line; a row without fields is a blank line
/// (or the LF of a CRLF) and is skipped.
func csvRowCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    let c = context!.assumingMemoryBound(to: CSVCursor.self)
    guard !c.pointee.failed else { return }
    let fields = c.pointee.fieldIndex
    c.pointee.fieldIndex = 0
    if fields > 0 {
        if fields == c.pointee.slotCount {
            c.pointee.lines.append(line: c.pointee.rowLine)
        } else {
            c.pointee.owner.takeUnretainedValue().rowEnd(fields: fields)
        }
    }
    if terminator == 0x0D || (terminator == 0x0A && !(fields == 0 && c.pointee.lastWasCR)) { c.pointee.line += 1 }
    c.pointee.lastWasCR = terminator == 0x0D
}
