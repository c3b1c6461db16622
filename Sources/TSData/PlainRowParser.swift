/// A fast path for the commonest rows: every value field a plain number and every ignored
/// field ASCII (no quote, no space), as many fields as the header, ended by LF or CRLF.
///
/// Such a row means the same to libcsv and to this loop, which parses it in one pass
/// without a callback per field. The first row that is anything else (a missing cell, a
/// quote, a ragged row, text) stops the loop; the caller hands that row to libcsv, which
/// either stores it or reports the error with its line and column.
enum PlainRowParser {
    /// Whether every column of the file is a value or an ignored column (no time or id
    /// column), the fast path's condition.
    static func applies(to c: UnsafeMutablePointer<CSVCursor>) -> Bool {
        c.pointee.slotCount > 0
            && (0..<c.pointee.slotCount).allSatisfy { c.pointee.slots![$0] >= CSVParseState.ignoreSlot }
    }

    /// Parses complete plain rows from the start of `bytes` into the cursor's columns;
    /// returns the bytes consumed (always a whole number of rows).
    static func parse(
        _ bytes: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, cursor c: UnsafeMutablePointer<CSVCursor>,
        scratch: UnsafeMutablePointer<Float>
    ) -> Int {
        let width = c.pointee.slotCount
        var consumed = 0
        rows: while true {
            var p = consumed
            for column in 0..<width {
                let start = p
                if c.pointee.slots![column] >= 0 {
                    let (result, length) = NumberParser.parsePrefix(bytes + start, count: count - start)
                    guard case .value(let v) = result else { break rows }
                    scratch[column] = v
                    p += length
                } else {
                    var high: UInt8 = 0
                    while p < count && bytes[p] != delimiter && bytes[p] != 0x0A {
                        high |= bytes[p]
                        p += 1
                    }
                    // Non-ASCII (to validate), empty or space-padded cells are libcsv's job.
                    guard high < 0x80, p > start, bytes[start] != 0x20, bytes[p - 1] != 0x20 else { break rows }
                }
                if column == width - 1 && p + 1 < count && bytes[p] == 0x0D { p += 1 }  // CRLF
                guard p < count, bytes[p] == (column == width - 1 ? 0x0A : delimiter) else { break rows }
                p += 1
            }
            for column in 0..<width where c.pointee.slots![column] >= 0 {
                c.pointee.columns![Int(c.pointee.slots![column])].append(scratch[column])
            }
            c.pointee.lines.append(line: c.pointee.line)
            c.pointee.line += 1
            consumed = p
        }
        return consumed
    }
}
