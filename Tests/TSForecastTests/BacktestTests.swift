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

    /// `leadTimes: 3` scores each 10-row block by lead time from its 8 origins whose 3 rows
    /// lie in the block; persistence at lead `h` forecasts `y(k − 1)` for row `k + h − 1`,
    /// recomputed here from the file's values. Tolerance 1e-9 relative: both sum the same
    /// Double squares of Float data, possibly in another order.
    @Test func foldsAreScoredByLeadTime() throws {
        var setup = PipelineTests.setup(.mlp, lags: 3, hidden: 4, epochs: 2)
        setup.training.patience = 0
        let file = TestData.bundled("nile.csv")
        let report = try TSForecast.Backtest.run(file: file, setup: setup, folds: 3, refit: false, window: .expanding, leadTimes: 3, progress: nil)
        let y = try SeriesLoader.load(file: file, setup: setup).recording.target.map(Double.init)
        for fold in report.folds {
            let leads = try #require(fold.metrics.byLeadTime)
            #expect(leads.map(\.lead) == [1, 2, 3] && leads.allSatisfy { $0.model.count == 8 && $0.persistence.count == 8 })
            for h in 1...3 {
                let origins = fold.testStart..<(fold.testStart + 8)
                let squares = origins.map { k in (y[k + h - 1] - y[k - 1]) * (y[k + h - 1] - y[k - 1]) }
                let rmse = (squares.reduce(0, +) / 8).squareRoot()
                #expect(abs(leads[h - 1].persistence.rmse - rmse) <= 1e-9 * rmse, "fold \(fold.fold) lead \(h)")
            }
        }
        let mean = try #require(Metrics.mean(of: report.folds.map(\.metrics)).byLeadTime)
        let rmse = report.folds.map { $0.metrics.byLeadTime![1].model.rmse }.reduce(0, +) / 3
        #expect(abs(mean[1].model.rmse - rmse) <= 1e-12 * rmse)
        let plain = try TSForecast.Backtest.run(file: file, setup: setup, folds: 3, refit: false, window: .expanding, progress: nil)
        #expect(plain.folds.allSatisfy { $0.metrics.byLeadTime == nil })
    }

    @Test func tooManyFoldsIsADataError() throws {
        #expect(throws: DataError.self) {
            _ = try TSForecast.Backtest.run(
                file: TestData.bundled("nile.csv"), setup: PipelineTests.setup(.mlp, lags: 3), folds: 40, refit: false, window: .expanding, progress: nil)
        }
    }
}
