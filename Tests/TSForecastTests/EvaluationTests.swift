import Foundation
import Testing
import TSData
import TSForecast

@Suite struct EvaluationTests {
    /// The training run scores its test rows as the predictions are made (nothing per row
    /// stored); `evaluate(file:)` on the same rows keeps every prediction. Both give the
    /// same metrics, which are also `Metrics.compute` of the kept pairs, in either mode,
    /// with intervals for every kept row of a Gaussian model.
    @Test(arguments: [EvaluationMode.oneStep, .simulation])
    func streamedMetricsMatchTheKeptPredictions(mode: EvaluationMode) throws {
        let file = TestData.bundled("nile.csv")
        var setup = PipelineTests.setup(.lstm, lags: 6, hidden: 8, epochs: 3)
        setup.loss = .gaussian
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        let report = try run.model.evaluate(file: file, mode: mode, all: false)
        let p = report.predictions
        #expect(p.rows.count == report.metrics.count && p.rows.count > 10)
        #expect(p.lower?.count == p.rows.count && p.upper?.count == p.rows.count)
        let recomputed = Metrics.compute(
            actual: p.actual, predicted: p.predicted, trainingSeries: [], mode: mode)
        for (name, a, b) in [
            ("rmse", report.metrics.rmse, recomputed.rmse), ("r2", report.metrics.r2, recomputed.r2),
            ("smape", report.metrics.smape, recomputed.smape), ("fit", report.metrics.fitPercent, recomputed.fitPercent),
        ] {
            #expect(a == b, "\(name): \(a) vs \(b)")
        }
        if mode == .oneStep {
            let trained = run.report.test
            #expect(trained.count == report.metrics.count)
            #expect(abs(trained.rmse - report.metrics.rmse) <= 1e-9 * report.metrics.rmse)
            #expect(abs(trained.mase - report.metrics.mase) <= 1e-9 * report.metrics.mase)
        }
    }
}

@Suite struct SeasonLongerThanWindowTests {
    /// A model with `season` (24) longer than its window (5 lags) evaluated on every row:
    /// the early rows have no seasonal naive forecast, yet the model is scored on all of
    /// them; the seasonal naive baseline is scored on the rows k ≥ 24 and counts the rest.
    @Test func evaluateAllScoresTheModelOnEveryRow() throws {
        let rows: [String] = (0..<160).map { k in
            let y: Double = sin(Double(k) * 2 * Double.pi / 24) * 5 + 10 + Double(k % 3)
            return "\(k),\(y)"
        }
        let file = try TestData.csv((["t,y"] + rows).joined(separator: "\n"))
        var setup = PipelineTests.setup(.mlp, lags: 5, hidden: 4, epochs: 2)
        setup.season = 24
        let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
        let report = try run.model.evaluate(file: file, mode: .oneStep, all: true)
        // Rows 5..<160 have 5 rows of history; 5..<24 have no row k − 24.
        #expect(report.metrics.count == 155 && report.predictions.rows.first == 5)
        #expect(report.baselines.persistence.count == 155 && report.baselines.mean.count == 155)
        #expect(report.baselines.seasonalNaive?.count == 136)
        #expect(report.baselines.seasonalNaiveUnscored == 19)
        #expect(report.metrics.rmse.isFinite)
    }
}
