import Foundation
import TSForecast

// Trains a small GRU on a CSV given as the first argument and prints a 5-step forecast.
guard CommandLine.arguments.count == 2 else {
    print("usage: ForecastDemo SERIES.csv")
    exit(64)
}
var setup = ForecastSetup()
setup.model = .gru
setup.lags = 8
setup.hidden = 16
setup.training.epochs = 30
do {
    let run = try ForecastPipeline.train(file: CommandLine.arguments[1], setup: setup, progress: nil)
    print("test RMSE \(run.report.test.rmse), persistence \(run.report.baselines.persistence.rmse)")
    print(try run.model.forecast(file: CommandLine.arguments[1], horizon: 5).csv(), terminator: "")
} catch {
    print("error: \(error)")
    exit(1)
}
