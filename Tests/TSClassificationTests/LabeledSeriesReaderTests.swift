import Foundation
import Testing
import TSClassification
import TSData

/// The labeled-series reader: layout, class order, normalisation, and one error per kind of
/// bad input, each naming the file, line and column.
@Suite struct LabeledSeriesReaderTests {
    @Test func readsValuesLabelsAndLines() throws {
        let text = "t0,label,t1\r\n1.5,cat,2\n\n-1,dog,4e-1\n"
        let s = try LabeledSeriesReader.parse(text, file: "a.csv", labelColumn: "label")
        #expect(s.columns == ["t0", "t1"])
        #expect(s.values == [1.5, 2, -1, 0.4])
        #expect(s.labels == ["cat", "dog"])
        #expect(s.lines == [2, 4])
        #expect(s.classes == ["cat", "dog"])
        #expect(try s.classIndices(["dog", "cat"]) == [1, 0])
    }

    @Test func integerLabelsSortNumerically() throws {
        let s = try LabeledSeriesReader.parse("label,x\n10,1\n2,1\n-1,1\n", file: "a.csv", labelColumn: "label")
        #expect(s.classes == ["-1", "2", "10"])
    }

    @Test func withoutLabelColumnEveryColumnIsAValue() throws {
        let s = try LabeledSeriesReader.parse("a,b\n1,2\n", file: "a.csv", labelColumn: nil)
        #expect(s.columns == ["a", "b"] && s.labels.isEmpty && s.count == 1)
        #expect(throws: DataError.self) { try s.classIndices(["1"]) }
    }

    @Test func seriesNormalisationIsPerRowZScore() throws {
        let s = try LabeledSeriesReader.parse("label,a,b,c\n1,1,2,3\n2,5,5,5\n", file: "a.csv", labelColumn: "label")
        let z = s.samples(.series).scalars
        let sigma = Float((2.0 / 3.0).squareRoot())
        for (a, e) in zip(z, [-1 / sigma, 0, 1 / sigma, 0, 0, 0]) { #expect(abs(a - e) < 1e-6) }
        #expect(s.samples(.none).scalars == [1, 2, 3, 5, 5, 5])
    }

    @Test(arguments: [
        ("", "a.csv: the file is empty; expected a header row and data rows"),
        ("label,x\n", "a.csv:1: the file has a header but no data rows"),
        ("y,x\n1,2\n", "a.csv:1: no column 'label'; available columns: 'y', 'x'"),
        ("label,x\n1,2\n1,2,3\n", "a.csv:3: expected 2 fields like the header, found 3 (the header has fewer fields than this row)"),
        ("label,x\n1,2\n1,abc\n", "a.csv:3:2: column 'x': expected a number, found \"abc\""),
        ("label,x\n1,\n", "a.csv:2:2: column 'x': expected a number, found \"\""),
        ("label,x\n1,inf\n", "a.csv:2:2: column 'x': expected a finite number within ±3.4e38, found \"inf\""),
        ("label,x\n,2\n", "a.csv:2:1: column 'label': empty label"),
        ("label,x\n\"1\",2\n", "a.csv:2:1: quoted fields are not supported in a labeled-series file"),
        ("label,x,x\n1,2,3\n", "a.csv:1:3: duplicate column name 'x' (also column 2); header names must be unique"),
        ("label\n1\n", "a.csv:1: the file has no value columns besides the label"),
    ])
    func badInputNamesTheLineAndColumn(text: String, message: String) {
        #expect {
            _ = try LabeledSeriesReader.parse(text, file: "a.csv", labelColumn: "label")
        } throws: { error in
            (error as? DataError)?.description == message
        }
    }

    @Test func unknownClassNamesTheLine() throws {
        let s = try LabeledSeriesReader.parse("label,x\n1,0\n3,0\n", file: "t.csv", labelColumn: "label")
        #expect {
            _ = try s.classIndices(["1", "2"])
        } throws: { error in
            (error as? DataError)?.description == "t.csv:3: column 'label': label \"3\" is not a class of the model (1, 2)"
        }
    }

    @Test func missingFileIsADataError() {
        #expect(throws: DataError.self) { try LabeledSeriesReader.read(file: "/nonexistent/x.csv", labelColumn: "label") }
    }

    /// Fuzz finding: an empty file read through `Data(contentsOf:)` leaked its read buffer
    /// (a LeakSanitizer report under `scripts/sanitize address`); it is now refused before
    /// reading, with the same message as empty text. Input:
    /// `Fuzz/Corpus/labeled/empty-file-leak`.
    @Test func emptyFileIsRefusedBeforeReading() throws {
        let path = "/tmp/tsforecast-labeled-empty-\(getpid()).csv"
        #expect(creat(path, 0o600) >= 0)
        defer { unlink(path) }
        #expect {
            _ = try LabeledSeriesReader.read(file: path, labelColumn: "label")
        } throws: { error in
            (error as? DataError)?.description == "tsforecast-labeled-empty-\(getpid()).csv: the file is empty; expected a header row and data rows"
        }
    }
}
