import ArgumentParser
import TSForecast
import TSSafetensors
import TSSupport

/// The `--model M <csv>` pair of the commands that apply a saved model to a series.
struct ModelAndSeries: ParsableArguments {
    @Option(help: "The model file written by `tsforecast train`.")
    var model: String
    @Argument(help: "The CSV file holding the series.")
    var csv: String

    /// The model, validated (a `ModelFileError` names the file otherwise); its training
    /// report only when `trainingReport`.
    func load(trainingReport: Bool) throws -> ForecastModel {
        try ForecastModel.load(from: URL(fileURLWithPath: model, isDirectory: false), trainingReport: trainingReport)
    }
}
