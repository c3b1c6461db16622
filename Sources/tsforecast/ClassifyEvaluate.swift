import ArgumentParser
import TSClassification
import TSData

struct ClassifyEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Accuracy, per-class precision/recall and the confusion matrix of a classifier on labeled rows.")

    @OptionGroup var input: ClassifierAndRows
    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        let (classifier, data) = try input.load(labelRequired: true)
        let spec = classifier.spec
        let report = ClassificationReport(
            classes: spec.classes, actual: try data.classIndices(spec.classes), predicted: classifier.predict(data.samples(spec.normalization)))
        print(json ? try Output.json(report) : Self.table(report))
    }

    /// Accuracy, a per-class table and the confusion matrix (rows: true class).
    static func table(_ r: ClassificationReport) -> String {
        func score(_ v: Double?) -> String { v.map { String(cFormat: "%.4f", $0) } ?? "-" }
        let width = max(5, r.classes.map(\.count).max() ?? 0)
        var lines = [String(cFormat: "accuracy %.4f (%d of %d)", r.accuracy, Int((r.accuracy * Double(r.count)).rounded()), r.count)]
        lines.append("  " + "class".padded(to: width) + "  precision     recall  support")
        for c in r.perClass {
            lines.append("  " + c.label.padded(to: width) + "  " + score(c.precision).leftPadded(to: 9) + "  "
                + score(c.recall).leftPadded(to: 9) + "  " + String(c.support).leftPadded(to: 7))
        }
        let cell = max(width, r.confusion.joined().map { String($0).count }.max() ?? 1)
        lines.append("confusion (rows: true class, columns: predicted)")
        lines.append("  " + "".padded(to: width) + r.classes.map { "  " + $0.leftPadded(to: cell) }.joined())
        for (label, row) in zip(r.classes, r.confusion) {
            lines.append("  " + label.padded(to: width) + row.map { "  " + String($0).leftPadded(to: cell) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
