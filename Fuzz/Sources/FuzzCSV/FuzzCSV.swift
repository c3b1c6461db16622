#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzSupport
import TSData

/// libFuzzer entry: the CSV reader and the missing-value policies on arbitrary bytes.
///
/// Input layout: byte 0 picks the options, byte 1 the policy and row limit, the rest is the
/// file. Byte 0, bit by bit: 0–1 delimiter (comma, semicolon, tab, comma); 2 header row;
/// 3–4 time column (none, column 0, `t`, `date`); 5 id column 1; 6 value columns
/// `[#1, #2]` instead of all; 7 a 64-byte read buffer (chunk carry, rows longer than the
/// buffer) instead of 8 KiB (the whole input in one chunk; the default 1 MiB buffer would
/// only cost ASan time). Byte 1: bits 0–1 missing-value policy, bit 2 `maxRows` 3.
///
/// With `TSFORECAST_FUZZ_PARALLEL` set (target `csv-parallel` of `scripts/fuzz`), the rows
/// after the first line are repeated until the file passes 80 KiB and read through a
/// 36 KiB buffer: the chunks after the first (which resolves the header) hold 32 KiB or
/// more, so unquoted ones take the two-thread parse. A separate target, as each such input
/// costs about ten times a plain one.
///
/// Every input must end in series or a `DataError`; anything else (a trap, another error
/// type, a sanitizer report) is a finding.
private let parallel = getenv("TSFORECAST_FUZZ_PARALLEL") != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size >= 2 else { return 0 }
    let flags = data[0], more = data[1]
    let delimiters: [CSVDelimiter] = [.comma, .semicolon, .tab, .comma]
    let times: [ColumnRef?] = [nil, .index(0), .name("t"), .name("date")]
    var options = CSVOptions(
        delimiter: delimiters[Int(flags & 3)], hasHeader: flags & 4 != 0,
        columns: flags & 64 != 0 ? [.index(1), .index(2)] : nil,
        timeColumn: times[Int(flags >> 3 & 3)], idColumn: flags & 32 != 0 ? .index(1) : nil,
        bufferSize: flags & 128 != 0 ? 64 : 8192, maxRows: more & 4 != 0 ? 3 : 100_000_000)
    let policy = MissingValuePolicy.allCases[Int(more & 3)]
    let file = ScratchFile(name: "csv", extension: "csv")
    var bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))
    if parallel, let newline = bytes.firstIndex(of: 0x0A), newline + 1 < bytes.count {
        let rows = bytes[(newline + 1)...]
        while bytes.count < 80 << 10 { bytes += rows }
        options.bufferSize = 36 << 10
    }
    bytes.withUnsafeBytes { file.replace(with: $0) }
    do {
        let series = try CSVReader(options: options).read(file: file.path)
        for s in series {
            guard let target = s.columnNames.first else { continue }
            let dataset = try Dataset(series: [s], target: target, inputs: Array(s.columnNames.dropFirst()), missing: policy)
            _ = dataset.recordings.map { ($0.segments, $0.filledTargetRows, $0.time?.values.last.map { $0 }) }
        }
    } catch is DataError {
    } catch {
        fatalError("FuzzCSV: unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}
