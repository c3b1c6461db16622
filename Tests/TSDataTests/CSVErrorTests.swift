import Testing
import TSData

/// Every user-data error names the file, the line and (where it makes sense) the column.
@Suite struct CSVErrorTests {
    private func expectError(
        _ text: String, _ prefix: String, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectError(text, CSVOptions(), prefix, phrase, sourceLocation: sourceLocation)
    }

    private func expectError(
        _ text: String, _ options: CSVOptions, _ prefix: String, _ phrase: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = dataError { _ = try readCSV(text, options) }
        let message = error?.description ?? "no error"
        #expect(message.hasPrefix(prefix), "\(message)", sourceLocation: sourceLocation)
        #expect(message.contains(phrase), "\(message)", sourceLocation: sourceLocation)
    }

    @Test func emptyAndHeaderOnlyFiles() {
        expectError("", "series.csv:1: ", "the file is empty")
        expectError("\n\n", "series.csv:1: ", "the file is empty")
        expectError("a,b\n", "series.csv:2: ", "header but no data rows")
    }

    @Test func raggedRows() {
        expectError("a,b,c\n1,2,3\n4,5\n", "series.csv:3:3: ", "expected 3 fields like the header, found 2")
        expectError("a,b\n1,2\n3,4,5\n", "series.csv:3:3: ", "expected 2 fields like the header, found 3 (the header has fewer fields")
    }

    /// A header that names only the time column while the rows carry values: the error is
    /// the first longer row, not "no numeric value columns" at line 1.
    @Test func headerShorterThanTheRowsNamesTheFirstLongerRow() {
        let time = CSVOptions(timeColumn: "t")
        expectError("t\n1,5\n2,6\n", time, "series.csv:2:2: ", "expected 1 fields like the header, found 2 (the header has fewer fields than this row)")
        expectError("t\n1\n2,6\n", time, "series.csv:1: ", "no numeric value columns to read")
        expectError("t\n\n\n1\n", time, "series.csv:1: ", "no numeric value columns to read")
        expectError("t\n", time, "series.csv:1: ", "no numeric value columns to read")
    }

    @Test func quotes() {
        expectError("a,b\n1,2\n3,\"4\n5,6\n", "series.csv:3:2: ", "unterminated quoted field")
        expectError("a,b\n1,2\n3,4\"x\n", "series.csv:3:", "malformed quoted field")
    }

    @Test func unknownAndDuplicateColumns() {
        expectError("a,b\n1,2\n", CSVOptions(columns: ["Demand"]), "series.csv:1: ", "no column 'Demand'; available columns: 'a', 'b'")
        expectError("a,b\n1,2\n", CSVOptions(columns: [5]), "series.csv:1: ", "available columns: 'a', 'b'")
        expectError("a,b,a\n1,2,3\n", "series.csv:1:3: ", "duplicate column name 'a' (also column 1)")
    }

    @Test func nonNumericNonFiniteAndInvalidUTF8Cells() {
        expectError("x,y,Demand\n1,2,3\n1,2,abc\n", "series.csv:3:3: column 'Demand': ", "expected a number, found \"abc\"")
        expectError("x\n1\n\"a\nb\"\n", "series.csv:3:1: column 'x': ", "expected a number")
        expectError("x\n1e39\n", "series.csv:2:1: column 'x': ", "finite number")
        expectError("x\n-inf\n", "series.csv:2:1: column 'x': ", "expected a finite number within ±3.4e38, found \"-inf\"")
        let bytes: [UInt8] = Array("x,y\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let error = dataError { _ = try CSVReader().read(file: writeTemp("bytes.csv", bytes: bytes)) }
        #expect(error?.description == "bytes.csv:2:2: column 'y': expected UTF-8 text, found invalid bytes")
        let header: [UInt8] = Array("x,".utf8) + [0xC3] + Array("\n1,2\n".utf8)
        #expect(dataError { _ = try CSVReader().read(file: writeTemp("h.csv", bytes: header)) }?.description.hasPrefix("h.csv:1:2: ") == true)
    }

    @Test func unsortedDuplicateAndInvalidTimestamps() {
        let options = CSVOptions(timeColumn: "date")
        expectError("date,v\n2020-01-02,1\n2020-01-01,2\n", options, "series.csv:3:1: ", "2020-01-01 is before 2020-01-02 on line 2")
        expectError("date,v\n2020-01-01,1\n2020-01-01,2\n", options, "series.csv:3:1: ", "duplicate timestamp 2020-01-01 (also on line 2)")
        expectError("date,v\n2020-01-01,1\n2020-13-01,2\n", options, "series.csv:3:1: column 'date': ", "ISO-8601 date")
        expectError("date,v\n1,1\n2020-01-01,2\n", options, "series.csv:3:1: column 'date': ", "expected a number")
    }

    @Test func missingValuesUnderErrorPolicy() throws {
        let series = try readCSV("t,v\n1,1\n2,\n3,NA\n4,4\n")
        let error = dataError { _ = try Dataset(series: series, target: "v") }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("series.csv:3:2: "), "\(message)")
        #expect(message.contains("2 missing value(s), first at series.csv:3:2, series.csv:4:2"), "\(message)")
        #expect(message.contains("interpolate, ffill or drop"), "\(message)")
    }

    @Test func logOfNonPositiveValueNamesTheCell() throws {
        let series = try readCSV("t,v\n1,1\n2,0\n3,2\n")
        let dataset = try Dataset(series: series, target: "v")
        let split = try DataSplit(dataset, rule: .counts(validation: 0, test: 0))
        let error = dataError { _ = try Preprocessor.fit(dataset, split: split, transform: TargetTransform(log: true)) }
        #expect(error?.description.hasPrefix("series.csv:3:2: column 'v': cannot use value 0.0: log needs values > 0") == true, "\(String(describing: error))")
    }

    @Test func tooFewRowsSaysNeededAndAvailable() throws {
        let series = try readCSV("v\n1\n2\n3\n4\n5\n")
        let dataset = try Dataset(series: series, target: "v")
        let split = try DataSplit(dataset, rule: .counts(validation: 0, test: 2))
        let error = dataError { _ = try NARXWindows(dataset, spec: .lagged(4), split: split, part: .train) }
        #expect(error?.kind == .tooFewRows(needed: 5, available: 3, context: "the train part (na 4, input lags [], horizon 1)"))
        #expect(error?.description.contains("needs at least 5 consecutive rows, the longest gap-free stretch has 3") == true)
    }
}
