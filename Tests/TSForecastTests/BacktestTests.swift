import Foundation
import Testing
import TSData
import TSForecast

@Suite struct BacktestTests {
    /// Folds tile the rows after the first training part; expanding windows grow, sliding
    /// windows keep their length; every fold is scored beside persistence on its block.
    @Test(arguments: [BacktestWindow.expanding, .sliding], [false, true])
    func foldsTileTheTestRegion(window: BacktestWindow, refit: Bool) throws {
        var setup = PipelineTests.setup(.mlp, lags: 3, hidden: 4, epochs: 3)
        setup.training.patience = 0
        let report = try TSForecast.Backtest.run(
            file: TestData.bundled("nile.csv"), setup: setup, folds: 3, refit: refit, window: window, progress: nil)
        // nile.csv has 100 rows: the first fold trains on 70, the 30 after form 3 blocks of 10.
        #expect(report.folds.map(\.testStart) == [70, 80, 90])
        #expect(report.folds.map(\.testRows) == [10, 10, 10])
        #expect(report.folds.map(\.trainRows) == (window == .expanding ? [70, 80, 90] : [70, 70, 70]))
        for fold in report.folds {
            #expect(fold.metrics.count == fold.baselines.persistence.count)
            #expect(fold.metrics.rmse.isFinite && fold.metrics.rmse > 0)
        }
        #expect(report.meanRMSE > 0)
    }

    @Test func tooManyFoldsIsADataError() throws {
        #expect(throws: DataError.self) {
            _ = try TSForecast.Backtest.run(
                file: TestData.bundled("nile.csv"), setup: PipelineTests.setup(.mlp, lags: 3), folds: 40, refit: false, window: .expanding, progress: nil)
        }
    }
}
