import Testing
@testable import TSData
import TSTensor

@Suite struct RowLinesTests {
    /// Increasing lines with random gaps (blank lines, multi-line rows) every few rows.
    private func randomLines(count: Int, seed: UInt64) -> [Int] {
        var rng = RandomGenerator(seed: seed)
        var line = 1 + Int(rng.next() % 3)
        return (0..<count).map { _ in
            defer { line += rng.next() % 5 == 0 ? 1 + Int(rng.next() % 4) : 1 }
            return line
        }
    }

    @Test func lookupMatchesTheLinesAppended() {
        for seed in 0..<5 as Range<UInt64> {
            let expected = randomLines(count: 500, seed: seed)
            let lines = RowLines(expected)
            #expect(lines.count == expected.count)
            #expect(Array(lines) == expected)
            #expect(expected.indices.allSatisfy { lines[$0] == expected[$0] })
            let breaks = 1 + zip(expected, expected.dropFirst()).filter { $1 - $0 != 1 }.count
            #expect(lines.breakpointCount == breaks)
        }
        #expect(RowLines(count: 1_000_000, firstLine: 2).breakpointCount == 1)
        #expect(RowLines(count: 3, firstLine: 2) == [2, 3, 4])
        #expect(RowLines().isEmpty && RowLines(count: 0, firstLine: 2) == RowLines())
    }

    @Test func appendingChunksEqualsAppendingShiftedLines() {
        let first = randomLines(count: 200, seed: 7), second = randomLines(count: 300, seed: 8)
        for offset in [0, 1, 57, 399] {
            var joined = RowLines(first)
            joined.append(contentsOf: RowLines(second), lineOffset: offset)
            let expected = RowLines(first + second.map { $0 + offset })
            #expect(joined == expected)
            #expect(Array(joined) == first + second.map { $0 + offset })
        }
        var plain = RowLines(count: 10, firstLine: 2)
        plain.append(contentsOf: RowLines(count: 5, firstLine: 1), lineOffset: 11)
        #expect(plain.breakpointCount == 1 && plain == RowLines(count: 15, firstLine: 2))
    }

    @Test func rowsKeepTheirLines() {
        let all = randomLines(count: 400, seed: 3)
        let lines = RowLines(all)
        for range in [0..<400, 0..<1, 17..<18, 33..<250, 399..<400, 100..<100] {
            let part = lines.rows(range)
            #expect(part == RowLines(all[range]))
            #expect(Array(part) == Array(all[range]))
        }
    }

    @Test func readerLinesAcrossBlankLinesQuotedNewlinesAndParallelChunks() throws {
        var rows = (0..<30_000).map { "\($0),\(Double($0) / 2)" }
        var expected: [Int] = []
        var text = "i,x\n", line = 2
        for (r, row) in rows.enumerated() {
            if r % 1_000 == 999 {
                text += "\n"  // a blank line
                line += 1
            }
            expected.append(line)
            text += row + "\n"
            line += 1
        }
        let s = try readCSV(text, CSVOptions(bufferSize: 1 << 17))[0]
        #expect(Array(s.lines) == expected)
        #expect(s.lines.breakpointCount == 31)  // the first row, then one per blank line
        // A quoted newline late in the file: one in-order parser from there on.
        rows[25_000] = "25000,\"12\n500\""
        let quoted = try readCSV("i,x\n" + rows.joined(separator: "\n") + "\n", CSVOptions(columns: ["i"], bufferSize: 1 << 17))[0]
        #expect(Array(quoted.lines) == (0..<30_000).map { $0 + ($0 > 25_000 ? 3 : 2) })
        #expect(quoted.lines.breakpointCount == 2)
    }
}
