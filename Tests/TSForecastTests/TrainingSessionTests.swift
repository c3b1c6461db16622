import Testing
import TSData
import TSForecast
import TSTraining

/// `TrainingSession` yields every epoch as an async sequence and stops, keeping the best
/// weights, when its consumer goes away.
@Suite struct TrainingSessionTests {
    /// The events are exactly the run's history: one per epoch run, in order.
    @Test func eventsAreTheEpochsRun() async throws {
        let session = TrainingSession(
            series: try LoadedSeries(target: ConcurrencyTests.wave(200, phase: 0)), setup: ConcurrencyTests.setup(epochs: 4))
        var records: [EpochRecord] = []
        for await record in session.events { records.append(record) }
        let run = try await session.run
        #expect(records.count == run.outcome.history.count)
        #expect(records == run.outcome.history)
        #expect(records.map(\.epoch) == Array(1...records.count))
    }

    /// Cancelling the task that iterates `events` after epoch 2 of 500 ends training within
    /// an epoch or so; `run` holds the epochs run, names the best of them, and forecasts.
    @Test func cancellingTheConsumerStopsTraining() async throws {
        let series = try LoadedSeries(target: ConcurrencyTests.wave(400, phase: 0))
        let session = TrainingSession(series: series, setup: ConcurrencyTests.setup(epochs: 500))
        let consumer = Task {
            var seen = 0
            for await record in session.events {
                seen = record.epoch
                if seen == 2 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return seen
        }
        let seen = await consumer.value
        let run = try await session.run
        let history = run.outcome.history
        #expect(seen >= 2)
        #expect(history.count >= 2 && history.count < 500, "ran \(history.count) epochs")
        let best = try #require(history.min { ($0.validationLoss ?? .infinity) < ($1.validationLoss ?? .infinity) })
        #expect(run.outcome.bestEpoch == best.epoch)
        #expect(try run.model.forecast(series, horizon: 3).values.allSatisfy(\.isFinite))
    }

    /// `stop()` ends a long run early too.
    @Test func stopEndsTraining() async throws {
        let session = TrainingSession(
            series: try LoadedSeries(target: ConcurrencyTests.wave(400, phase: 0)), setup: ConcurrencyTests.setup(epochs: 500))
        for await record in session.events where record.epoch >= 1 {
            session.stop()
            break
        }
        let history = try await session.run.outcome.history
        #expect(history.count >= 1 && history.count < 500, "ran \(history.count) epochs")
    }
}
