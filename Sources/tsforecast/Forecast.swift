import ArgumentParser
import TSForecast
import TSSupport

struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast the next steps from the end of a series with a saved model.",
        discussion: """
            Recursive (or direct, for --horizon models) forecasts from the last row that has a
            target. With exogenous inputs, rows after the last target give the future inputs
            (leave the target cell empty). Output CSV columns: time (when the series has a
            regular time step), forecast, and lower/upper (95% interval) for Gaussian models or
            one column q<level> per quantile level for quantile models (q0.1,q0.5,q0.9).
            A global model (train --global) takes a CSV file, a directory or a .txt manifest
            and writes every series in long format: id, time, forecast[, lower, upper].
            """)

    @OptionGroup var input: ModelAndSeries
    @Option(help: "Steps to forecast (default: the model's horizon, or the number of future input rows).")
    var horizon: Int?
    @Option(name: .shortAndLong, help: "Output CSV path, or - for stdout.")
    var output = "-"

    func validate() throws {
        if let horizon, horizon < 1 { throw ValidationError("--horizon must be at least 1, got \(horizon)") }
    }

    func run() throws {
        let forecaster = try input.load(trainingReport: false)
        if forecaster.metadata.global != nil {
            return try Output.write(try forecaster.forecastGlobal(files: try BatchInputs.expand([input.csv]), horizon: horizon), to: output)
        }
        let table = try forecaster.forecast(file: input.csv, horizon: horizon)
        try Output.write(table.csv(), to: output)
    }
}

extension Output {
    /// Writes `text` to stdout (`-`) or atomically to a file.
    static func write(_ text: String, to path: String) throws {
        if path == "-" {
            try StandardStream.output.write(text)
        } else {
            try writeAtomically(Data(text.utf8), to: URL(fileURLWithPath: path, isDirectory: false))
        }
    }
}
