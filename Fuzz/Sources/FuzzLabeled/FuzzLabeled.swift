import FuzzSupport
import TSClassification
import TSData

/// libFuzzer entry: the UCR-style labeled-series reader (`LabeledSeriesReader`) on arbitrary
/// bytes, and what the classifier commands do next with what it reads.
///
/// Input layout: byte 0 picks the label column, the rest is the file. Byte 0, bits 0–1: the
/// label column `label` (required), none (every column holds values), `label` optional (data
/// to classify, which may or may not carry labels), `class` (required). A file that reads is
/// then scaled both ways (`SeriesNormalization`), and its labels are ordered into classes
/// and mapped to class indices, as `classify train` does.
///
/// Every input must end in a result or a `DataError`; anything else (a trap, another error
/// type, a sanitizer report) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabeled(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size >= 1 else { return 0 }
    let modes: [(column: String?, required: Bool)] = [("label", true), (nil, true), ("label", false), ("class", true)]
    let mode = modes[Int(data[0] & 3)]
    let file = ScratchFile(name: "labeled", extension: "csv")
    file.replace(with: UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    do {
        let series = try LabeledSeriesReader.read(file: file.path, labelColumn: mode.column, labelRequired: mode.required)
        for normalization in SeriesNormalization.allCases {
            precondition(series.samples(normalization).shape == [series.count, series.length])
        }
        if series.labelColumn != nil {
            let indices = try series.classIndices(series.classes)
            precondition(indices.count == series.count)
        }
    } catch is DataError {
    } catch {
        fatalError("FuzzLabeled: unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}
