import CCSV

/// One libcsv parser feeding one `CSVParseState`.
///
/// Options: `CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL` (a stray quote or a quote left
/// open at the end is an error; every unquoted CR/LF is reported, for line counting).
/// A handle is used by one thread at a time.
final class CSVParserHandle: @unchecked Sendable {
    let state: CSVParseState
    private var parser = csv_parser()

    /// A parser for `state`, or `nil` if libcsv cannot allocate one.
    init?(state: CSVParseState) {
        self.state = state
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) == 0 else { return nil }
        csv_set_delim(&parser, state.options.delimiter.rawValue)
    }

    deinit { csv_free(&parser) }

    /// Parses `count` bytes; a malformed quote becomes the state's error.
    func feed(_ bytes: UnsafePointer<UInt8>, count: Int) {
        guard count > 0, state.error == nil else { return }
        let used = csv_parse(&parser, bytes, count, csvFieldCallback, csvRowCallback, UnsafeMutableRawPointer(state.cursor))
        if used != count && state.error == nil {
            state.fail(.malformedQuote, line: state.line, column: state.fieldIndex + 1)
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
