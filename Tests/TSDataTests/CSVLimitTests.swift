import Foundation
import Synchronization
import Testing
import TSData
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CSV reader's documented limits (docs/RELIABILITY.md): a field of at most
/// `CSVOptions.maxFieldBytes`, at most `CSVOptions.maxRows` data rows; past either, one
/// error naming file and line, and memory stays bounded.
@Suite struct CSVLimitTests {
    private func message(_ body: () throws -> Void) -> String { dataError(body)?.description ?? "no error" }

    @Test func fieldLongerThanTheLimitIsRefused() throws {
        let limit = CSVOptions.maxFieldBytes
        let endless = "a\n" + String(repeating: "1", count: limit + 100)
        #expect(message { _ = try readCSV(endless) }.hasPrefix("series.csv:2:1: field longer than \(limit) bytes"))
        let unclosed = "a\n1\n\"" + String(repeating: "x\n", count: limit / 2 + 100)
        #expect(message { _ = try readCSV(unclosed) }.contains("field longer than \(limit) bytes"))
        let fits = "a\n" + String(repeating: "1", count: limit - 10) + "\n"
        #expect(message { _ = try readCSV(fits) }.contains("expected a finite number"), "a long field under the limit is parsed")
    }

    /// A sparse 10 GiB file (no line break, so one endless field) is refused after 1 MiB:
    /// nothing near its size is read or allocated.
    @Test func tenGigabyteFileWithoutLineBreaksIsRefused() throws {
        let path = writeTemp("huge.csv", "")
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0 && ftruncate(fd, 10 << 30) == 0)
        close(fd)
        defer { unlink(path) }
        let start = Date()
        let text = message { _ = try CSVReader().read(file: path) }
        #expect(text.hasPrefix("huge.csv:1:1: field longer than \(CSVOptions.maxFieldBytes) bytes"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 30, "the reader stops after the first MiB")
    }

    /// Found by the CSV fuzzer: a first row of 80,000 fields took quadratic time (every
    /// name was compared with all before it) and reserved a buffer per column. Names now
    /// resolve through a hash map, and a first row past `CSVOptions.maxColumns` fields is
    /// refused at its first extra field.
    @Test func wideHeaderResolvesInLinearTime() throws {
        let names = (0..<CSVOptions.maxColumns).map { "c\($0)" }
        let text = names.joined(separator: ",") + "\n" + names.indices.map(String.init).joined(separator: ",") + "\n"
        let start = Date()
        let series = try readCSV(text, CSVOptions(columns: [.name("c9999")]))
        #expect(series[0].columnNames == ["c9999"] && series[0].columns[0] == [9_999])
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(message { _ = try readCSV("a,b,a\n1,2,3\n") }.contains("duplicate column name 'a' (also column 1)"))
        let wide = String(repeating: ",", count: 1_000_000) + "\n"
        #expect(message { _ = try readCSV(wide) }.hasPrefix("series.csv:1:10001: more than 10000 fields in the first row"))
    }

    /// Found by the CSV fuzzer too: a dataset taking all of 80,000 columns as inputs looked
    /// each name up linearly. 200,000 columns now pick in linear time.
    @Test func manyInputColumnsPickInLinearTime() throws {
        let names = (0..<200_000).map { "c\($0)" }
        let series = TimeSeries(name: "s", file: "s.csv", columnNames: names, columns: names.indices.map { [Float($0)] })
        let start = Date()
        let dataset = try Dataset(series: [series], target: "c7", inputs: Array(names.reversed()))
        #expect(dataset.recordings[0].target == [7] && dataset.recordings[0].inputs[0] == [199_999])
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(message { _ = try Dataset(series: [series], target: "c7", inputs: ["nope"]) }.contains("no column 'nope'"))
    }

    @Test func rowsPastTheLimitNameTheFirstLine() throws {
        let rows = "t,y\n" + (1...5).map { "\($0),\($0)" }.joined(separator: "\n") + "\n"
        #expect(message { _ = try readCSV(rows, CSVOptions(timeColumn: "t", maxRows: 3)) }
            .hasPrefix("series.csv:5: more than 3 data rows, the limit of a CSV file"))
        #expect(try readCSV(rows, CSVOptions(timeColumn: "t", maxRows: 5))[0].count == 5)
    }

    /// An endless one-column stream (a pipe fed "1\n" until it breaks) is refused once it
    /// passes `maxRows`: the reader stops reading, so the writer is cut off after a few
    /// chunks rather than the whole stream being held.
    @Test func endlessStreamIsRefusedInBoundedMemory() throws {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let written = Mutex(0)
        let done = DispatchSemaphore(value: 0)
        let writeEnd = ends[1]
        Thread.detachNewThread {
            let chunk = Array(String(repeating: "1\n", count: 32_768).utf8)
            var total = write(writeEnd, "y\n", 2)
            while total < 10 << 30 {
                let n = chunk.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                total += n
            }
            close(writeEnd)
            written.withLock { $0 = total }
            done.signal()
        }
        let text = message { _ = try CSVReader(options: CSVOptions(maxRows: 100_000)).read(file: "/dev/fd/\(ends[0])") }
        close(ends[0])
        done.wait()
        #expect(text.contains("more than 100000 data rows"), "\(text)")
        #expect(written.withLock { $0 } < 16 << 20, "the writer was cut off after a few MiB")
    }
}
