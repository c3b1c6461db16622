/// The 1-based file line of each data row, stored as breakpoints: the rows where
/// `line − row` changes.
///
/// In almost every file a row's line is `row + 2` (one header line, no blank line), so a
/// 10-million-row series needs one breakpoint instead of 40 MB of line numbers. Blank
/// lines, quoted newlines, skipped rows and id columns add one breakpoint (16 bytes) each
/// where the offset changes. Reading `self[row]` is a binary search over the breakpoints:
/// `line(row) = row + offsets[b]` with `b` the last breakpoint at or before `row`.
///
/// ```swift
/// var lines = RowLines()
/// lines.append(line: 2); lines.append(line: 3); lines.append(line: 5)   // a blank line 4
/// Array(lines)          // [2, 3, 5]
/// lines.breakpointCount // 2: rows 0… at offset 2, rows 2… at offset 3
/// ```
public struct RowLines: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// First row of each breakpoint, increasing; `starts[0] == 0` when there is a row.
    private var starts: [Int] = []
    /// `line − row` from `starts[b]` on.
    private var offsets: [Int] = []
    /// Number of rows.
    public private(set) var endIndex = 0

    /// No rows.
    public init() {}

    /// `count` rows on consecutive lines from `firstLine` (a header-only file's rows).
    public init(count: Int, firstLine: Int) {
        precondition(count >= 0, "RowLines: negative count \(count)")
        if count > 0 {
            starts = [0]
            offsets = [firstLine]
        }
        endIndex = count
    }

    /// The rows of `lines`, in order.
    public init(_ lines: some Sequence<Int>) {
        for line in lines { append(line: line) }
    }

    /// The rows of the literal's lines.
    public init(arrayLiteral lines: Int...) { self.init(lines) }

    public var startIndex: Int { 0 }

    /// Number of breakpoints held (the memory cost is 16 bytes each).
    public var breakpointCount: Int { starts.count }

    /// The line of `row`.
    public subscript(row: Int) -> Int {
        precondition(row >= 0 && row < endIndex, "RowLines: row \(row) out of 0..<\(endIndex)")
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= row { low = mid } else { high = mid - 1 }
        }
        return row + offsets[low]
    }

    /// Appends the next row, found on `line`; a breakpoint only when its offset differs
    /// from the previous row's.
    @inline(__always)
    public mutating func append(line: Int) {
        if offsets.isEmpty || line - endIndex != offsets[offsets.count - 1] { addBreakpoint(line: line) }
        endIndex += 1
    }

    private mutating func addBreakpoint(line: Int) {
        starts.append(endIndex)
        offsets.append(line - endIndex)
    }

    /// Appends every row of `other`, its lines shifted by `lineOffset` (a chunk parsed with
    /// lines counted from 1).
    public mutating func append(contentsOf other: RowLines, lineOffset: Int) {
        for b in other.starts.indices {
            let end = b + 1 < other.starts.count ? other.starts[b + 1] : other.endIndex
            append(line: other.starts[b] + other.offsets[b] + lineOffset)
            endIndex += end - other.starts[b] - 1
        }
    }

    /// The rows `range`, renumbered from 0 (their lines unchanged).
    public func rows(_ range: Range<Int>) -> RowLines {
        precondition(range.lowerBound >= 0 && range.upperBound <= endIndex, "RowLines.rows: \(range) out of 0..<\(endIndex)")
        var result = RowLines()
        guard !range.isEmpty else { return result }
        result.append(line: self[range.lowerBound])
        for b in starts.indices where starts[b] > range.lowerBound && starts[b] < range.upperBound {
            result.endIndex = starts[b] - range.lowerBound
            result.append(line: starts[b] + offsets[b])
        }
        result.endIndex = range.count
        return result
    }
}
