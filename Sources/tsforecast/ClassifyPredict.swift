import ArgumentParser
import TSClassification

struct ClassifyPredict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the class of every row and write `row,label` CSV.",
        discussion: "A label column named like the training file's is ignored when present.")

    @OptionGroup var input: ClassifierAndRows
    @Option(name: .shortAndLong, help: "Where to write the labels (CSV; - for stdout).")
    var output = "-"

    func run() throws {
        let (classifier, data) = try input.load(labelRequired: false)
        let spec = classifier.spec
        let predicted = classifier.predict(data.samples(spec.normalization))
        let text = "row,label\n" + predicted.enumerated().map { "\($0 + 1),\(spec.classes[$1])\n" }.joined()
        try Output.write(text, to: output)
    }
}
