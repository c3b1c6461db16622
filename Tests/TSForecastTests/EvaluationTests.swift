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
