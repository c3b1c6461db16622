import ArgumentParser
import TSClassification
import TSData

/// The `--model M <csv>` pair of `classify evaluate` and `classify predict`.
struct ClassifierAndRows: ParsableArguments {
    @Option(help: "The model file written by `tsforecast classify train`.")
    var model: String
    @Argument(help: "The CSV file: the training file's value columns (and its label column, which predict ignores).")
    var csv: String

    /// The classifier and the rows, read with the model's label column (required or not)
    /// and checked to have as many values per row as the model's inputs.
    ///
    /// - Throws: `ModelFileError` for the model, `DataError` naming the file for the rows.
    func load(labelRequired: Bool) throws -> (Classifier, LabeledSeries) {
        let (classifier, _) = try ClassifierFile.load(model)
        let spec = classifier.spec
        let data = try LabeledSeriesReader.read(file: csv, labelColumn: spec.labelColumn, labelRequired: labelRequired)
        guard data.length == spec.length else {
            throw DataError(
                .invalidSetting("the rows have \(data.length) values but the model was trained on \(spec.length) (columns \(spec.columns.first ?? "")…\(spec.columns.last ?? ""))"),
                at: DataLocation(file: data.file, line: 1))
        }
        return (classifier, data)
    }
}
