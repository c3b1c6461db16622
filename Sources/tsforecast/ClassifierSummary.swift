import TSClassification
import TSNN

/// `tsforecast summary` of a classifier file: the layer table (walked from the module tree
/// for the input `[-1] + sampleShape`), totals, the spec and the training report.
struct ClassifierSummary: Encodable {
    struct Row: Encodable {
        var layer: String
        var outputShape: String
        var parameters: Int
    }

    var rows: [Row]
    var totalParameters: Int
    var buffers: Int
    var fileBytes: Int?
    var spec: ClassifierSpec
    var training: ClassifierTrainingReport

    init(_ loaded: (classifier: Classifier, metadata: ClassifierFileMetadata), fileSize: Int?) {
        let (classifier, metadata) = loaded
        var index = 0
        rows = ModuleSummary.rows(of: classifier.network, input: [ModuleSummary.batch] + classifier.spec.sampleShape).map { row in
            if row.isLayer { index += 1 }
            return Row(layer: row.label(index: index), outputShape: row.shapeText, parameters: row.parameters)
        }
        totalParameters = classifier.store.count
        buffers = classifier.store.bufferValues.count
        fileBytes = fileSize
        spec = metadata.spec
        training = metadata.training
    }

    /// An aligned text table (torchsummary's layout) followed by the metadata.
    func table() -> String {
        let width = max(28, (rows.map(\.layer.count).max() ?? 0) + 2)
        let rule = String(repeating: "-", count: width + 36)
        var lines = [rule, "Layer (type)".padded(to: width) + "Output Shape".padded(to: 22) + "Param #", rule]
        lines += rows.map { $0.layer.padded(to: width) + $0.outputShape.padded(to: 22) + String($0.parameters) }
        lines += [
            String(repeating: "=", count: width + 36),
            "Total params: \(totalParameters)  buffers: \(buffers)" + (fileBytes.map { "  file size (bytes): \($0)" } ?? ""),
            rule,
            "classifier: \(spec.kind.rawValue)  classes: \(spec.classes.joined(separator: ", "))  label: \(spec.labelColumn)",
            "input: \(spec.length) values (\(spec.columns.first ?? "")…\(spec.columns.last ?? ""))  normalize: \(spec.normalization.rawValue)",
            "trained: \(training.epochs) epochs (best \(training.bestEpoch)) on \(training.samples) samples, seed \(training.seed), loss "
                + (training.finalLoss.map { String(cFormat: "%.4f", $0) } ?? "-")
                + String(cFormat: ", training accuracy %.4f, %.1f s", training.trainAccuracy, training.seconds),
        ]
        return lines.joined(separator: "\n")
    }
}
