import ArgumentParser
import TSClassification

extension ClassifierKind: ExpressibleByArgument {}
extension SeriesNormalization: ExpressibleByArgument {}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Train time-series (and image) classifiers on labeled CSV rows and apply them.",
        discussion: """
            The CSV holds a header and one sample per row: a label column (any text) and the
            values (a series of equal length, or an image's pixels row by row). Each row is
            z-normalised unless --normalize none.

            EXAMPLES:
              tsforecast classify train data/ucr/ItalyPowerDemand_TRAIN.csv --model fcn --epochs 3 -o italy.safetensors
              tsforecast classify evaluate --model italy.safetensors data/ucr/ItalyPowerDemand_TEST.csv
              tsforecast classify predict --model italy.safetensors data/ucr/ItalyPowerDemand_TEST.csv -o labels.csv
              tsforecast summary italy.safetensors
            """,
        subcommands: [ClassifyTrain.self, ClassifyEvaluate.self, ClassifyPredict.self])
}
