import Foundation
import Testing
import TSData
import TSForecast
import TSTraining

/// A trained model is shared by many tasks for forecasting, and a training run stops on
/// `Task` cancellation keeping its best weights.
@Suite struct ConcurrencyTests {
    /// A sine with a slow drift, `count` rows, phase `phase`.
    static func wave(_ count: Int, phase: Double) -> [Float] {
        (0..<count).map { Float(sin(Double($0) * 0.2 + phase) + 0.001 * Double($0)) }
    }

    static func setup(epochs: Int) -> ForecastSetup {
        var setup = ForecastSetup()
        (setup.model, setup.lags, setup.hidden, setup.training.epochs, setup.training.seed) = (.gru, 8, 8, epochs, 3)
        return setup
    }

    /// 200 series forecast from one shared GRU model in a task group give exactly the
    /// forecasts made one after another (the GRU reuses per-network work buffers, so an
    /// unguarded concurrent pass would mix series).
    @Test func sharedModelForecastsFromManyTasks() async throws {
        let run = try ForecastPipeline.train(series: try LoadedSeries(target: Self.wave(300, phase: 0)), setup: Self.setup(epochs: 2), progress: nil)
        let model = run.model
        let series = try LoadedSeries.many(
            ids: (0..<200).map { "s\($0)" }, targets: (0..<200).map { Self.wave(40, phase: Double($0) * 0.1) })
        let sequential = try series.map { try model.forecast($0, horizon: 5).values }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (i, s) in series.enumerated() {
                group.addTask { (i, try model.forecast(s, horizon: 5).values) }
            }
            var results = Array(repeating: [Float](), count: series.count)
            for try await (i, values) in group { results[i] = values }
            return results
        }
        let differing = zip(concurrent, sequential).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(series.count) concurrent forecasts differ from the sequential ones")
        #expect(Set(sequential.map { $0[0] }).count > 100, "the series should give different forecasts")
    }

    /// Cancelling the training task after epoch 3 of 500 ends the run within an epoch or
    /// so; the outcome names the best epoch of the epochs run (whose weights `Trainer`
    /// restores, see TrainerTests) and the model forecasts.
    @Test func cancellationStopsTrainingKeepingTheBestWeights() async throws {
        let series = try LoadedSeries(target: Self.wave(400, phase: 0))
        let (epochs, reporter) = AsyncStream<Int>.makeStream()
        let training = Task.detached {
            try ForecastPipeline.train(series: series, setup: Self.setup(epochs: 500), progress: { record in
                reporter.yield(record.epoch)
                return true
            })
        }
        for await epoch in epochs where epoch >= 3 {
            training.cancel()
            break
        }
        let run = try await training.value
        let history = run.outcome.history
        #expect(history.count >= 3 && history.count < 500, "ran \(history.count) epochs")
        let best = try #require(history.min { ($0.validationLoss ?? .infinity) < ($1.validationLoss ?? .infinity) })
        #expect(run.outcome.bestEpoch == best.epoch)
        #expect(run.model.metadata.training?.epochsRun == history.count)
        #expect(try run.model.forecast(series, horizon: 3).values.allSatisfy(\.isFinite))
    }
}
