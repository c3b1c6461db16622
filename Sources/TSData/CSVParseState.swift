/// The state libcsv's callbacks write into while a file streams through the parser.
///
/// libcsv reports each field (`field`) and each row end (`rowEnd`, with the terminating
/// character, CR or LF, or −1 at the end of the file). With `CSV_REPALL_NL` every unquoted
/// CR and LF is reported, which lets this class count physical lines: a row's line is where
/// its first field starts; newlines inside quoted fields are counted per field. The first
/// error stops all further work; the reader then throws it.
final class CSVParseState {
    enum Slot {
        case ignore
        case value(Int)
        case time
        case id
    }

    let options: CSVOptions
    let file: String
    private(set) var error: DataError?

    // Position.
    private(set) var line = 1
    private var rowLine = 1
    private(set) var fieldIndex = 0
    private var lastWasCR = false

    // Header.
    private var firstRow: [[UInt8]] = []
    private(set) var header: [String]?
    private var slots: [Slot] = []
    private(set) var valueColumns: [Int] = []
    private(set) var timeColumn: Int?
    private(set) var idColumn: Int?

    // Data, one entry per row.
    private(set) var values: [[Float]] = []
    private(set) var times: [Double] = []
    private(set) var timeParser = TimeParser()
    private(set) var ids: [Int32] = []
    private(set) var idNames: [String] = []
    private var idLookup: [String: Int32] = [:]
    private(set) var lines: [Int] = []

    init(options: CSVOptions, file: String) {
        self.options = options
        self.file = file
    }

    /// Records the first error (later ones are consequences of it).
    func fail(_ kind: DataError.Kind, line: Int?, column: Int?, columnName: String? = nil) {
        if error == nil {
            error = DataError(kind, at: DataLocation(file: file, line: line, column: column, columnName: columnName))
        }
    }

    /// Whether the header (or, without one, the first row) has been seen.
    var isResolved: Bool { header != nil }

    /// Number of data rows so far.
    var rowCount: Int { lines.count }

    // MARK: libcsv callbacks

    func field(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        guard error == nil else { return }
        if fieldIndex == 0 { rowLine = line }
        let column = fieldIndex
        fieldIndex += 1
        guard isResolved else {
            firstRow.append(Array(UnsafeBufferPointer(start: bytes, count: count)))
            countNewlines(bytes, count)
            return
        }
        guard column < slots.count else { return }  // reported as a ragged row at the row end
        switch slots[column] {
        case .value(let slot):
            switch NumberParser.parse(bytes, count: count) {
            case .value(let v): values[slot].append(v)
            case .overflow: fail(.notFinite(text(bytes, count)), line: line, column: column + 1, columnName: header?[column])
            case .invalid:
                if isMissing(bytes, count) {
                    values[slot].append(.nan)
                } else if let text = validText(bytes, count, column: column) {
                    fail(.notANumber(text), line: line, column: column + 1, columnName: header?[column])
                }
            }
        case .time:
            guard let t = timeParser.parse(bytes, count: count) else {
                if let text = validText(bytes, count, column: column) {
                    fail(.invalidTime(text, expected: timeParser.expectation), line: line, column: column + 1, columnName: header?[column])
                }
                return
            }
            times.append(t)
        case .id:
            guard let text = validText(bytes, count, column: column) else { return }
            if let id = idLookup[text] {
                ids.append(id)
            } else {
                idLookup[text] = Int32(idNames.count)
                ids.append(Int32(idNames.count))
                idNames.append(text)
            }
            countNewlines(bytes, count)
        case .ignore:
            _ = validText(bytes, count, column: column)
            countNewlines(bytes, count)
        }
    }

    func rowEnd(_ terminator: Int32) {
        guard error == nil else { return }
        let fields = fieldIndex
        fieldIndex = 0
        defer {
            if terminator == 0x0D || (terminator == 0x0A && !(fields == 0 && lastWasCR)) { line += 1 }
            lastWasCR = terminator == 0x0D
        }
        guard fields > 0 else { return }  // a blank line, or the LF of a CRLF
        guard isResolved else {
            resolveHeader()
            if !options.hasHeader { replayFirstRow() }
            return
        }
        guard fields == slots.count else {
            fail(.raggedRow(expected: slots.count, found: fields), line: rowLine, column: min(fields, slots.count) + 1)
            return
        }
        lines.append(rowLine)
    }

    // MARK: Header

    private func resolveHeader() {
        var names: [String] = []
        for (i, bytes) in firstRow.enumerated() {
            var name = ""
            if options.hasHeader {
                guard let text = bytes.withUnsafeBufferPointer({ validText($0.baseAddress!, $0.count, column: i) })
                else { return }
                name = text
            }
            if name.isEmpty { name = "column\(i + 1)" }
            if let first = names.firstIndex(of: name) {
                fail(.duplicateColumn(name, firstColumn: first + 1), line: rowLine, column: i + 1)
                return
            }
            names.append(name)
        }
        func resolve(_ ref: ColumnRef) -> Int? {
            switch ref {
            case .name(let n):
                if let i = names.firstIndex(of: n) { return i }
            case .index(let i):
                if i >= 0 && i < names.count { return i }
            }
            fail(.unknownColumn(ref.description, available: names), line: rowLine, column: nil)
            return nil
        }
        slots = Array(repeating: .ignore, count: names.count)
        if let ref = options.timeColumn {
            guard let i = resolve(ref) else { return }
            timeColumn = i
            slots[i] = .time
        }
        if let ref = options.idColumn {
            guard let i = resolve(ref) else { return }
            idColumn = i
            slots[i] = .id
        }
        let chosen = options.columns.map { $0.map(resolve) } ?? names.indices.filter { i in
            if case .ignore = slots[i] { return true } else { return false }
        }.map { Optional($0) }
        for index in chosen {
            guard let i = index else { return }
            guard case .ignore = slots[i] else {
                fail(.invalidSetting("column '\(names[i])' is chosen twice (as a value column and as the time or id column, or repeated)"),
                     line: rowLine, column: i + 1)
                return
            }
            slots[i] = .value(valueColumns.count)
            valueColumns.append(i)
        }
        guard !valueColumns.isEmpty else {
            fail(.invalidSetting("no numeric value columns to read"), line: rowLine, column: nil)
            return
        }
        values = Array(repeating: [], count: valueColumns.count)
        header = names
    }

    private func replayFirstRow() {
        let saved = line
        line = rowLine
        for bytes in firstRow {
            bytes.withUnsafeBufferPointer { field($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
        }
        fieldIndex = 0
        line = saved
        if error == nil { lines.append(rowLine) }
    }

    // MARK: Cell helpers

    private func isMissing(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        options.missingMarkers.contains(text(bytes, count))
    }

    private func text(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The cell as a `String`, or `nil` after recording an invalid-UTF-8 error.
    private func validText(_ bytes: UnsafePointer<UInt8>, _ count: Int, column: Int) -> String? {
        let buffer = UnsafeBufferPointer(start: bytes, count: count)
        if let s = String(validating: buffer, as: UTF8.self) { return s }
        fail(.invalidUTF8, line: line, column: column + 1, columnName: header?[column])
        return nil
    }

    private func countNewlines(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        for i in 0..<count where bytes[i] == 0x0A { line += 1 }
    }
}
