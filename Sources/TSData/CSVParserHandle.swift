import CCSV
import TSSupport

/// One libcsv parser feeding one `CSVParseState`.
///
/// Options: `CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL` (a stray quote or a quote left
/// open at the end is an error; every unquoted CR/LF is reported, for line counting).
/// A handle is used by one thread at a time.
final class CSVParserHandle: @unchecked Sendable {
    let state: CSVParseState
    private var parser = csv_parser()
    private var scratch: UnsafeMutablePointer<Float>?

    /// A parser for `state`, or `nil` if libcsv cannot allocate one.
    init?(state: CSVParseState) {
        self.state = state
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) == 0 else { return nil }
        csv_set_delim(&parser, state.options.delimiter.rawValue)
        csv_set_realloc_func(&parser) { pointer, size in
            size > CSVOptions.maxFieldBytes ? nil : realloc(pointer, size)
        }
    }

    deinit {
        csv_free(&parser)
        scratch?.deallocate()
    }

    /// Parses `count` bytes; a malformed quote becomes the state's error.
    ///
    /// With `plainRows` (the caller guarantees whole rows ending in LF, no quote,
    /// and the parser at a row start), rows of plain numbers take `PlainRowParser` and
    /// each other row goes to libcsv on its own.
    func feed(_ bytes: UnsafePointer<UInt8>, count: Int, plainRows: Bool) {
        guard plainRows, PlainRowParser.applies(to: state.cursor) else {
            feed(bytes, count: count)
            return
        }
        if scratch == nil { scratch = .allocate(capacity: state.cursor.pointee.slotCount) }
        var p = 0
        while p < count && state.error == nil {
            p += PlainRowParser.parse(
                bytes + p, count: count - p, delimiter: state.options.delimiter.rawValue, cursor: state.cursor, scratch: scratch!)
            guard p < count else { break }
            var end = p
            while end < count && bytes[end] != 0x0A { end += 1 }
            end = min(end + 1, count)
            feed(bytes + p, count: end - p)
            p = end
        }
    }

    /// Parses `count` bytes with libcsv; a malformed quote becomes the state's error.
    func feed(_ bytes: UnsafePointer<UInt8>, count: Int) {
        guard count > 0, state.error == nil else { return }
        let used = csv_parse(&parser, bytes, count, csvFieldCallback, csvRowCallback, UnsafeMutableRawPointer(state.cursor))
        if used != count && state.error == nil {
            let tooLong = csv_error(&parser) == CSV_ENOMEM
            state.fail(tooLong ? .fieldTooLong(limit: CSVOptions.maxFieldBytes) : .malformedQuote, line: state.line, column: state.fieldIndex + 1)
        }
    }

    /// Flushes the last row; a quote still open becomes the state's error.
    func finish() {
        guard state.error == nil else { return }
        if csv_fini(&parser, csvFieldCallback, csvRowCallback, UnsafeMutableRawPointer(state.cursor)) != 0 {
            state.fail(.unterminatedQuote, line: state.line, column: state.fieldIndex + 1)
        }
    }
}
