import Foundation
import TSForecast

// Fit from arrays, forecast with future inputs, evaluate beside the baselines, save and
// load, forecast 1,000 series concurrently, cancel a long training run followed as an
// AsyncSequence, classify series and score anomalies with an autoencoder. Exits 1 when a
// step does not do what it shows.

/// Stops the tour with a message when `condition` is false.
func check(_ condition: Bool, _ message: String) {
    if !condition {
        print("FAILED: \(message)")
        exit(1)
    }
}

// 1. A daily series driven by an input: y(t) = 0.8·u(t−1) + noise-free drift, with dates.
let days = 400
let start = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
let dates = (0..<days).map { start.addingTimeInterval(Double($0) * 86_400) }
let u: [Float] = (0..<(days + 7)).map { Float(sin(Double($0) * 0.25)) }
let y: [Float] = (0..<days).map { t -> Float in t == 0 ? 0 : 0.8 * u[t - 1] + Float(t) * 0.001 }

// 2. Build the series (validated like a CSV file) and fit a NARX model on it.
let series = try LoadedSeries(
    name: "demand", target: y, targetName: "demand", time: .dates(dates), timeName: "date",
    inputs: [(name: "price", values: Array(u[..<days]))], futureInputs: [Array(u[days...])])
var setup = ForecastSetup()
setup.model = .narx
setup.lags = 4
setup.hidden = 16
setup.training.epochs = 60
setup.training.learningRate = 1e-2
let run = try ForecastPipeline.train(series: series, setup: setup, progress: nil)
print("trained \(run.report.epochsRun) epochs, test RMSE \(run.report.test.rmse)")

// 3. Forecast the 7 days whose inputs are known.
let table = try run.model.forecast(series, horizon: nil)
print(table.csv(), terminator: "")
check(table.values.count == 7 && table.times?.first == "2025-02-04", "a 7-step forecast from 2025-02-04")

// 4. Evaluate on the test part beside the baselines on the same rows.
let evaluation = try run.model.evaluate(series, mode: .oneStep, all: false)
print("RMSE model \(evaluation.metrics.rmse), persistence \(evaluation.baselines.persistence.rmse), mean \(evaluation.baselines.mean.rmse)")
check(evaluation.metrics.rmse < evaluation.baselines.persistence.rmse, "the model beats persistence")

// 5. Save, load, and forecast the same values from the loaded model.
let file = FileManager.default.temporaryDirectory.appendingPathComponent("library-tour-\(getpid()).safetensors")
defer { try? FileManager.default.removeItem(at: file) }
try run.model.save(to: file)
let loaded = try ForecastModel.load(from: file)
print(loaded.summary(fileSize: nil).table())
check(try loaded.forecast(series, horizon: nil).values == table.values, "the loaded model forecasts the same values")

// 6. One model, 1,000 series, forecast from concurrent tasks (ForecastModel is Sendable).
var univariate = ForecastSetup()
univariate.model = .gru
univariate.lags = 8
univariate.hidden = 8
univariate.training.epochs = 5
let wave: [Float] = (0..<300).map { Float(sin(Double($0) * 0.2)) }
let shared = try ForecastPipeline.train(series: try LoadedSeries(target: wave), setup: univariate, progress: nil).model
let many = try LoadedSeries.many(
    ids: (0..<1000).map { "sensor-\($0)" },
    targets: (0..<1000).map { s in (0..<48).map { Float(sin(Double($0) * 0.2 + Double(s) * 0.01)) } })
let clock = ContinuousClock()
let began = clock.now
let forecasts = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
    for (i, s) in many.enumerated() { group.addTask { (i, try shared.forecast(s, horizon: 3).values) } }
    var out = Array(repeating: [Float](), count: many.count)
    for try await (i, values) in group { out[i] = values }
    return out
}
print("forecast \(forecasts.count) series concurrently in \(clock.now - began)")
check(forecasts.allSatisfy { $0.count == 3 && $0.allSatisfy(\.isFinite) }, "1,000 forecasts of 3 steps")

// 7. Train in the background, following the epochs as an AsyncSequence; cancelling the
//    consuming task after 5 epochs stops training, keeping the best epoch's weights.
var long = univariate
long.training.epochs = 10_000
long.training.patience = 0
let session = TrainingSession(series: try LoadedSeries(target: wave), setup: long)
let follower = Task {
    for await record in session.events where record.epoch == 5 { withUnsafeCurrentTask { $0?.cancel() } }
}
await follower.value
let cancelled = try await session.run
print("cancelled after \(cancelled.outcome.history.count) of 10000 epochs; best epoch \(cancelled.outcome.bestEpoch)")
check(cancelled.outcome.history.count < 10_000, "cancellation stops training")
// 8. The README's example (ForecastSales.swift): a weekly forecast with a missing value.
var sales: [Float] = (0..<200).map { t -> Float in 10 + 2 * Float(sin(Double(t) * 0.3)) + 0.01 * Float(t) }
sales[120] = .nan
let price: [Float] = (0..<207).map { Float(cos(Double($0) * 0.3)) }
let week = try forecastSales(sales: sales, price: Array(price[..<200]), nextWeekPrice: Array(price[200...]))
check(week.count == 7 && week.allSatisfy(\.isFinite), "the README example forecasts 7 finite values")

// 9. Classification and generative models from arrays (ClassifyAndGenerate.swift and the
//    README's FrontDoors.swift).
try classifyAndGenerate()
print("tour complete")
