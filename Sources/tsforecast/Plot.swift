import ArgumentParser
import TSForecast
import TSSupport

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Write SVG plots: actual vs predicted with the forecast and its interval, and the loss curves.")

    @OptionGroup var input: ModelAndSeries
    @Option(help: "Steps to forecast past the end of the series.")
    var horizon: Int?
    @Option(help: "Directory for forecast.svg and loss.svg.")
    var out = "."

    func run() throws {
        let forecaster = try input.load(trainingReport: true)
        try Charts.write(model: forecaster, file: input.csv, horizon: horizon, directory: out)
    }
}

/// The SVG files `plot` and `train --plot` write.
enum Charts {
    /// `forecast.svg` (history, one-step test predictions, forecast with interval) and
    /// `loss.svg` (training and validation loss per epoch) in `directory`. The CSV is
    /// read once.
    static func write(model: ForecastModel, file: String, horizon: Int?, directory: String) throws {
        let dir = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // One read serves both: rows after the last target value are future inputs for
        // the forecast and not part of the evaluated history.
        let loaded = try model.load(file: file, allowFuture: true)
        let evaluation = try model.evaluate(loaded, mode: .oneStep, all: false)
        let forecast = try model.forecast(loaded, horizon: horizon)
        var chart = SVGChart(title: "\(model.metadata.columns.target): actual, test predictions and forecast", xLabel: model.metadata.columns.time ?? "row", yLabel: model.metadata.columns.target)
        chart.series.append(.init(name: "actual", x: evaluation.history.x, y: evaluation.history.y, color: "#1f77b4"))
        chart.series.append(.init(name: "one-step prediction", x: evaluation.predictionX, y: evaluation.predictions.predicted.map(Double.init), color: "#ff7f0e"))
        if let lower = forecast.lower, let upper = forecast.upper {
            chart.bands.append(.init(name: "95% interval", x: forecast.x, lower: lower.map(Double.init), upper: upper.map(Double.init), color: "#2ca02c"))
        } else if let levels = forecast.quantileLevels, let quantiles = forecast.quantiles, let bounds = IntervalScores.intervalLevels(of: levels) {
            chart.bands.append(.init(
                name: "q\(levels[bounds.lower])–q\(levels[bounds.upper]) interval", x: forecast.x,
                lower: quantiles[bounds.lower].map(Double.init), upper: quantiles[bounds.upper].map(Double.init), color: "#2ca02c"))
        }
        chart.series.append(.init(name: "forecast", x: forecast.x, y: forecast.values.map(Double.init), color: "#2ca02c"))
        try writeAtomically(Data(chart.render().utf8), to: dir.appendingPathComponent("forecast.svg", isDirectory: false))

        var loss = SVGChart(title: "training loss", xLabel: "epoch", yLabel: "loss (scaled units)")
        loss.logScaleY = model.metadata.network.loss == .mse
        let history = model.metadata.training?.history ?? []
        loss.series.append(.init(name: "train", x: history.map { Double($0.epoch) }, y: history.map(\.trainLoss), color: "#1f77b4"))
        loss.series.append(.init(name: "validation", x: history.map { Double($0.epoch) }, y: history.map { $0.validationLoss ?? .nan }, color: "#ff7f0e"))
        try writeAtomically(Data(loss.render().utf8), to: dir.appendingPathComponent("loss.svg", isDirectory: false))
    }
}
