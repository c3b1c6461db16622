import Foundation
import Testing
import TSData
import TSForecast

/// Series built from arrays are checked like CSV files, with locations as the equivalent
/// file would have them (row i on line i + 2; the target in column 1, or 2 after a time
/// column), and train, forecast, evaluate and backtest without any file.
@Suite struct SeriesArraysTests {
    static func error(_ body: () throws -> LoadedSeries) -> DataError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? DataError
        }
    }

    @Test func missingValueIsRefusedUnderErrorAndFilledOtherwise() throws {
        let y: [Float] = [1, 2, .nan, 4, 5]
        let refused = try #require(Self.error { try LoadedSeries(name: "s", target: y) })
        guard case .missingValues(let cells, let total) = refused.kind else { Issue.record("\(refused)"); return }
        #expect(total == 1)
        #expect(cells == [DataLocation(file: "s", line: 4, column: 1, columnName: "y")])
        let filled = try LoadedSeries(name: "s", target: y, missing: .interpolate)
        #expect(filled.recording.target == [1, 2, 3, 4, 5])
        #expect(filled.recording.filledTargetRows == [2])
        let dropped = try LoadedSeries(name: "s", target: y, missing: .drop)
        #expect(dropped.recording.segments == [0..<2, 3..<5])
    }

    @Test func malformedArraysNameTheCell() throws {
        let infinite = try #require(Self.error { try LoadedSeries(name: "s", target: [1, .infinity], time: .steps([1, 2])) })
        #expect(infinite.location == DataLocation(file: "s", line: 3, column: 2, columnName: "y"))
        let ragged = try #require(Self.error { try LoadedSeries(name: "s", target: [1, 2, 3], inputs: [("u", [1, 2])]) })
        #expect(ragged.kind == .raggedRow(expected: 3, found: 2))
        let backwards = try #require(Self.error { try LoadedSeries(name: "s", target: [1, 2, 3], time: .steps([5, 6, 6])) })
        #expect(backwards.kind == .timeNotIncreasing("6", previous: "6", previousLine: 3, duplicate: true))
        #expect(backwards.location.line == 4)
        let empty = try #require(Self.error { try LoadedSeries(name: "s", target: []) })
        #expect(empty.kind == .headerOnly)
        let future = try #require(Self.error { try LoadedSeries(name: "s", target: [1, 2], inputs: [("u", [1, 2])], futureInputs: [[.nan]]) })
        guard case .invalidValue = future.kind else { Issue.record("\(future)"); return }
    }

    @Test func datesAtMidnightAreDatesOthersDateTimes() throws {
        let days = (0..<3).map { Date(timeIntervalSince1970: Double($0) * 86_400) }
        #expect(try LoadedSeries(target: [1, 2, 3], time: .dates(days)).time?.kind == .date)
        let hours = (0..<3).map { Date(timeIntervalSince1970: Double($0) * 3_600) }
        #expect(try LoadedSeries(target: [1, 2, 3], time: .dates(hours)).time?.kind == .dateTime)
    }

    /// `y(t) = u(t−1)`: a forecast must follow the future inputs given as arrays, and the
    /// evaluation and backtest run on the same in-memory series.
    @Test func fitForecastEvaluateBacktestFromArrays() throws {
        let u = (0..<300).map { Float(sin(Double($0) * 0.3)) }
        let y: [Float] = [0] + Array(u.dropLast())
        let futureU = (300..<306).map { Float(sin(Double($0) * 0.3)) }
        let input: (name: String, values: [Float]) = ("u", u)
        let series = try LoadedSeries(name: "lagged", target: y, time: SeriesTimes.steps(Array(0..<300)), inputs: [input], futureInputs: [futureU])
        var setup = ForecastSetup()
        (setup.model, setup.lags, setup.hidden, setup.training.epochs, setup.training.seed) = (.narx, 3, 16, 60, 1)
        setup.training.learningRate = 1e-2
        let run = try ForecastPipeline.train(series: series, setup: setup, progress: nil)
        let columns = run.model.metadata.columns
        #expect(columns.target == "y" && columns.inputs == ["u"] && columns.time == "time")
        let table = try run.model.forecast(series, horizon: nil)
        #expect(table.times == ["300", "301", "302", "303", "304", "305"])
        let expected: [Float] = [u[299]] + Array(futureU.dropLast())
        let worst = zip(table.values, expected).map { abs($0 - $1) }.max()!
        // The inputs swing over [-1, 1]; a model that ignored them would miss by ~1.
        #expect(worst < 0.15, "forecast \(table.values) vs u(t−1) \(expected)")
        let evaluation = try run.model.evaluate(series, mode: .oneStep, all: false)
        #expect(evaluation.metrics.rmse < evaluation.baselines.persistence.rmse)
        let backtest = try Backtest.run(series: series, setup: setup, folds: 2, refit: false, window: .expanding, progress: nil)
        #expect(backtest.folds.count == 2)
        #expect(backtest.meanRMSE < backtest.meanPersistenceRMSE)
    }
}
