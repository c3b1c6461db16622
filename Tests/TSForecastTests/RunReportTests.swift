import Foundation
import Testing
import TSData
import TSForecast

/// The one report schema: a backtest's means over folds, the folds with their times, and
/// the JSON keys every command shares.
@Suite struct RunReportTests {
    @Test func backtestReportHasMeansOverFoldsAndTimedFolds() throws {
        var setup = PipelineTests.setup(.mlp, lags: 3, hidden: 4, epochs: 2)
        setup.training.patience = 0
        let backtest = try TSForecast.Backtest.run(
            file: TestData.bundled("nile.csv"), setup: setup, folds: 3, refit: true, window: .expanding, progress: nil)
        let report = RunReport(backtest: backtest, model: .mlp)
        #expect(report.command == .backtest && report.folds?.count == 3)
        #expect(abs(report.metrics.rmse - backtest.meanRMSE) < 1e-9 * backtest.meanRMSE)
        #expect(abs(report.baselines.persistence.rmse - backtest.meanPersistenceRMSE) < 1e-9 * backtest.meanPersistenceRMSE)
        #expect(report.metrics.count == 30)
        #expect(backtest.folds.allSatisfy { $0.seconds > 0 })
        #expect(abs(report.seconds - backtest.folds.reduce(0) { $0 + $1.seconds }) < 1e-12)

        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["schema", "version", "command", "model", "metrics", "baselines", "seconds", "folds"])
        let fold = try #require((object["folds"] as? [[String: Any]])?.first)
        #expect(Set(fold.keys) == ["fold", "train_rows", "test_rows", "test_start", "seconds", "metrics", "baselines"])
        let decoded = try JSONDecoder().decode(RunReport.self, from: JSONEncoder().encode(report))
        #expect(decoded.schema == RunReport.schemaName && decoded.version == RunReport.currentVersion && decoded.folds?.count == 3)
    }

    @Test func metricsMeanSkipsUndefinedValues() {
        let a = Metrics.compute(actual: [1, 2, 3], predicted: [1, 2, 4], scale: 1, mode: .oneStep)
        let constant = Metrics.compute(actual: [2, 2], predicted: [2, 3], scale: 1, mode: .oneStep)  // r2 undefined
        let mean = Metrics.mean(of: [a, constant])
        #expect(mean.count == 5)
        #expect(abs(mean.rmse - (a.rmse + constant.rmse) / 2) < 1e-12)
        #expect(constant.r2.isNaN && mean.r2 == a.r2)
    }
}
