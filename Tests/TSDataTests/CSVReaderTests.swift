import Foundation
import Testing
@testable import TSData
import TSTensor

@Suite struct CSVReaderTests {
    @Test func quotedFieldsCRLFAndBOM() throws {
        let text = "\u{FEFF}name,\"a,b\",c\r\n\"x, \"\"q\"\"\",1.5,-2\r\n\"multi\nline\",+3,1e-3\r\n"
        let s = try readCSV(text, CSVOptions(columns: [1, "c"]))[0]
        #expect(s.columnNames == ["a,b", "c"])
        #expect(s.columns == [[1.5, 3], [-2, 0.001]])
        #expect(s.lines == [2, 3])
        #expect(s.fileColumns == [2, 3])
    }

    @Test func semicolonAndTabDelimitersWithoutHeader() throws {
        let semi = try readCSV("1;2\n3;4\n", CSVOptions(delimiter: .semicolon, hasHeader: false))[0]
        #expect(semi.columnNames == ["column1", "column2"])
        #expect(semi.columns == [[1, 3], [2, 4]])
        #expect(semi.lines == [1, 2])
        let tab = try readCSV("a\tb\n\n-0.5\t.25\n", CSVOptions(delimiter: .tab))[0]
        #expect(tab.columns == [[-0.5], [0.25]])
        #expect(tab.lines == [3])
    }

    @Test func missingMarkersBecomeNaN() throws {
        let s = try readCSV("v\n1\nNA\nNaN\nnull\n\"\"\n2\n")[0]
        #expect(s.columns[0].count == 6)
        #expect(s.columns[0].enumerated().allSatisfy { ($0.offset == 0 || $0.offset == 5) != $0.element.isNaN })
    }

    @Test func numbersRoundCorrectlyToFloat() {
        let cases = [
            "0.1", "3.4028235e38", "1.17549435e-38", "1e-45", "123456789012345678901234", "0.30000000000000004",
            "16777217", "2710.349", "-7.2e-3", "5.", ".5", "1E+2", "0.000000000000000000000000000001",
        ]
        for text in cases {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, count: $0.count) }
            #expect(parsed == .value(Float(text)!), "\(text)")
        }
        for text in ["", "-", "1e", "1.2.3", "abc", "inf", "nan", "1,5", " 1"] {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
            #expect(parsed == .invalid, "\(text)")
        }
        #expect(Array("1e39".utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, count: 4) } == .overflow)
    }

    @Test func randomDecimalsRoundLikeTheStandardLibrary() {
        var rng = RandomGenerator(seed: 3)
        for _ in 0..<20_000 {
            let digits = (0..<Int(rng.next() % 12 + 1)).map { _ in String(rng.next() % 10) }.joined()
            let point = Int(rng.next() % UInt64(digits.count + 1))
            var text = (rng.next() % 2 == 0 ? "-" : "") + digits.prefix(point) + "." + digits.dropFirst(point)
            if rng.next() % 3 == 0 { text += "e\(Int(rng.next() % 90) - 50)" }
            let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, count: $0.count) }
            let expected = Float(text)!
            #expect(parsed == (expected.isFinite ? .value(expected) : .overflow), "\(text)")
        }
    }

    @Test func isoDatesDateTimesAndNumbers() throws {
        let dates = try readCSV("date,v\n2020-01-31,1\n2020-02-29,2\n2020-03-31,3\n", CSVOptions(timeColumn: "date"))[0]
        #expect(dates.columnNames == ["v"])
        let time = try #require(dates.time)
        #expect(time.kind == .date)
        #expect(time.step == .months(1, monthEnd: true))
        #expect(time.following(2).map(time.format) == ["2020-04-30", "2020-05-31"])
        let stamps = try readCSV(
            "t,v\n2020-01-01T00:00:00Z,1\n2020-01-01 01:00,2\n2020-01-01T03:00:00+01:00,3\n", CSVOptions(timeColumn: 0))[0]
        let axis = try #require(stamps.time)
        #expect(axis.kind == .dateTime)
        #expect(axis.values.map { $0 - axis.values[0] } == [0, 3600, 7200])
        #expect(axis.format(axis.following(1)[0]) == "2020-01-01T03:00:00Z")
        let years = try readCSV("year,v\n1871,1\n1872,2\n1874,3\n", CSVOptions(timeColumn: "year"))[0]
        #expect(years.time?.step == .fixed(1))
        #expect(years.time.map { $0.following(1).map($0.format) } == ["1875"])
    }

    @Test func shippedDataSetsInferWeeklyAndYearlySteps() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let co2 = try CSVReader(options: CSVOptions(timeColumn: "date")).read(file: root.appendingPathComponent("data/co2_weekly.csv").path)[0]
        #expect(co2.count == 2284)
        #expect(co2.time?.step == .fixed(7 * 86_400))
        #expect(co2.columns[0].contains { $0.isNaN })
        let yearly = try readCSV("d,v\n1700-01-01,1\n1701-01-01,2\n1704-01-01,3\n1705-01-01,4\n", CSVOptions(timeColumn: "d"))[0]
        #expect(yearly.time?.step == .months(12, monthEnd: false))
    }

    @Test func idColumnSplitsSeriesAndFilesAreRecordings() throws {
        let text = "id,t,v\nA,1,10\nB,1,20\nA,2,11\nB,2,21\nA,3,12\n"
        let series = try readCSV(text, CSVOptions(timeColumn: "t", idColumn: "id"))
        #expect(series.map(\.name) == ["A", "B"])
        #expect(series.map { $0.columns[0] } == [[10, 11, 12], [20, 21]])
        #expect(series[1].lines == [3, 5])
        let reader = CSVReader()
        let two = try reader.read(files: [writeTemp("a.csv", "v\n1\n"), writeTemp("b.csv", "v\n2\n3\n")])
        #expect(two.map(\.name) == ["a", "b"])
        #expect(two.map(\.count) == [1, 2])
    }

    @Test func smallBufferStreamsAcrossChunkBoundaries() throws {
        let rows = (0..<500).map { "\($0),\"q\($0)\",\(Double($0) * 0.25)" }.joined(separator: "\r\n")
        let s = try readCSV("i,s,x\r\n" + rows + "\r\n", CSVOptions(columns: ["i", "x"], bufferSize: 64))[0]
        #expect(s.columns[0] == (0..<500).map(Float.init))
        #expect(s.columns[1] == (0..<500).map { Float($0) * 0.25 })
        #expect(s.lines.last == 501)
    }

    @Test func parallelChunksKeepOrderLinesAndErrorPositions() throws {
        let rows = (0..<20_000).map { "\($0),\(Double($0) / 8)" }
        let text = "i,x\n" + rows.joined(separator: "\n") + "\n"
        let options = CSVOptions(timeColumn: "i", bufferSize: 1 << 17)
        let s = try readCSV(text, options)[0]
        #expect(s.columns[0] == (0..<20_000).map { Float($0) / 8 })
        #expect(Array(s.lines) == Array(2...20_001))
        #expect(s.time?.values == (0..<20_000).map(Double.init))
        var broken = rows
        broken[15_000] = "15000,oops"
        broken[17_000] = "17000"
        let error = dataError { _ = try readCSV("i,x\n" + broken.joined(separator: "\n") + "\n", options) }
        #expect(error?.description == "series.csv:15002:2: column 'x': expected a number, found \"oops\"")
        broken[15_000] = "15000,1"
        let ragged = dataError { _ = try readCSV("i,x\n" + broken.joined(separator: "\n") + "\n", options) }
        #expect(ragged?.description.hasPrefix("series.csv:17002:2: ") == true, "\(String(describing: ragged))")
        // A quote late in the file switches to one in-order parser; values stay in order.
        var quoted = rows
        quoted[19_000] = "19000,\"2375\""
        let mixed = try readCSV("i,x\n" + quoted.joined(separator: "\n") + "\n", options)[0]
        #expect(mixed.columns[0] == (0..<20_000).map { Float($0) / 8 })
    }

    @Test func plainRowFastPathAgreesWithLibcsvOnEveryRow() throws {
        var rows = (0..<20_000).map { "\($0),label\($0),\(Double($0) / 4)" }
        rows[3_000] = "3000,label,"  // a missing cell
        rows[6_000] = ""  // a blank line
        rows[9_000] = "9000,\"quoted, label\",2250"  // a quote: in-order libcsv from here on
        for newline in ["\n", "\r\n"] {
            let text = "i,name,x" + newline + rows.joined(separator: newline) + newline
            let s = try readCSV(text, CSVOptions(columns: ["x", "i"], bufferSize: 1 << 17))[0]
            let kept = (0..<20_000).filter { $0 != 6_000 }
            #expect(s.columns[1] == kept.map(Float.init))
            #expect(s.columns[0].enumerated().allSatisfy { $0.element.isNaN == (kept[$0.offset] == 3_000) })
            #expect(s.columns[0][5_000] == 1250)
            #expect(Array(s.lines) == kept.map { $0 + 2 })
        }
        var broken = rows
        broken[4_000] = "4000,label4000,4e"
        let error = dataError { _ = try readCSV("i,name,x\n" + broken.joined(separator: "\n") + "\n", CSVOptions(bufferSize: 1 << 17)) }
        #expect(error?.description == "series.csv:2:2: column 'name': expected a number, found \"label0\"")
        let badNumber = dataError { _ = try readCSV("i,name,x\r\n" + broken.joined(separator: "\r\n") + "\r\n", CSVOptions(columns: ["i", "x"], bufferSize: 1 << 17)) }
        #expect(badNumber?.description == "series.csv:4002:3: column 'x': expected a number, found \"4e\"")
    }
}

/// `CSVReader.stem(of:)` names a file's series and a batch run's outputs.
@Suite struct FileStemTests {
    @Test func stripsDirectoryAndLastExtension() {
        #expect(CSVReader.stem(of: "data/nile.csv") == "nile")
        #expect(CSVReader.stem(of: "/tmp/a.b.csv") == "a.b")
        #expect(CSVReader.stem(of: "series") == "series")
        #expect(CSVReader.stem(of: "dir/.csv") == ".csv")
        #expect(CSVReader.stem(of: "data.") == "data")
        #expect(CSVReader.stem(of: "x.y/z") == "z")
    }
}
