// The README's "As a library" example, verbatim (Tests/CLITests/ReadmeLibraryExampleTests
// checks that they agree); the tour calls it, so CI compiles and runs it.
import Foundation
import TSForecast

func forecastSales(sales: [Float], price: [Float], nextWeekPrice: [Float]) throws -> [Float] {
    let series = try LoadedSeries(
        target: sales, targetName: "sales", inputs: [(name: "price", values: price)],
        futureInputs: [nextWeekPrice], missing: .interpolate)  // NaN = missing value
    var setup = ForecastSetup()
    setup.model = .narx
    setup.training.epochs = 50
    let run = try ForecastPipeline.train(series: series, setup: setup, progress: nil)
    print("test RMSE", run.report.test.rmse, "persistence", run.report.baselines.persistence.rmse)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("sales.safetensors")
    try run.model.save(to: file)
    let model = try ForecastModel.load(from: file)
    return try model.forecast(series, horizon: 7).values
}
