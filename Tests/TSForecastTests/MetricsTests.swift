import Foundation
import Testing
import TSForecast

@Suite struct MetricsTests {
    let actual: [Float] = [3, -0.5, 2, 7, 0]
    let predicted: [Float] = [2.5, 0, 2, 8, 0.5]
    let training: ArraySlice<Float> = [1, 2, 4, 3, 5, 4, 6]

    private func expectNear(_ a: Double, _ b: Double, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(name): \(a) vs \(b)", sourceLocation: sourceLocation)
    }

    /// Hand computation: e = y − ŷ = [0.5, −0.5, 0, −1, −0.5], Σe² = 1.75, Σ|e| = 2.5,
    /// ȳ = 2.3, Σ(y−ȳ)² = 35.8; non-zero actuals 3, −0.5, 2, 7 give |e/y| = 1/6, 1, 0, 1/7;
    /// sMAPE terms 1/5.5, 2, 0, 2/15, 2; lag-1 training differences 1,2,1,2,1,2 (mean 1.5).
    @Test func matchesHandComputedValues() {
        let m = Metrics.compute(actual: actual, predicted: predicted, trainingSeries: training, mode: .oneStep)
        expectNear(m.mse, 0.35, "mse")
        expectNear(m.rmse, 0.35.squareRoot(), "rmse")
        expectNear(m.mae, 0.5, "mae")
        expectNear(m.mape, 100 * (1.0 / 6 + 1 + 1.0 / 7) / 4, "mape")
        expectNear(m.smape, 100 * (1 / 5.5 + 2 + 2.0 / 15 + 2) / 5, "smape")
        expectNear(m.mase, 0.5 / 1.5, "mase")
        expectNear(m.r2, 1 - 1.75 / 35.8, "r2")
        expectNear(m.nrmseRange, 0.35.squareRoot() / 7.5, "nrmseRange")
        expectNear(m.nrmseStd, 0.35.squareRoot() / (35.8 / 5).squareRoot(), "nrmseStd")
        expectNear(m.nrmseMean, 0.35.squareRoot() / 2.3, "nrmseMean")
        expectNear(m.fitPercent, 100 * (1 - (1.75 / 35.8).squareRoot()), "fitPercent")
        #expect(m.count == 5)
        #expect(m.mode == .oneStep)
    }

    /// Values from numpy (float64):
    ///     y=np.array([3,-0.5,2,7,0.]); p=np.array([2.5,0,2,8,0.5]); x=np.array([1,2,4,3,5,4,6.])
    ///     e=y-p; rmse=np.sqrt(np.mean(e**2))
    ///     mae/np.mean(abs(x[2:]-x[:-2])), rmse/y.std(), rmse/(y.max()-y.min()),
    ///     100*(1-np.linalg.norm(e)/np.linalg.norm(y-y.mean()))
    @Test func matchesNumpyReference() {
        let m = Metrics.compute(actual: actual, predicted: predicted, trainingSeries: training, seasonalPeriod: 2, mode: .simulation)
        expectNear(m.rmse, 0.5916079783099616, "rmse")
        expectNear(m.mape, 32.73809523809524, "mape")
        expectNear(m.smape, 86.3030303030303, "smape")
        expectNear(m.mase, 0.35714285714285715, "mase (m = 2)")
        expectNear(m.r2, 0.9511173184357542, "r2")
        expectNear(m.nrmseRange, 0.07888106377466154, "nrmseRange")
        expectNear(m.nrmseStd, 0.22109428207044568, "nrmseStd")
        expectNear(m.nrmseMean, 0.2572208601347659, "nrmseMean")
        expectNear(m.fitPercent, 77.89057179295543, "fitPercent")
    }

    @Test func perfectPredictionsAndUndefinedRatios() {
        let perfect = Metrics.compute(actual: actual, predicted: actual, trainingSeries: training, mode: .oneStep)
        #expect(perfect.mse == 0 && perfect.mae == 0 && perfect.smape == 0 && perfect.mape == 0)
        #expect(perfect.r2 == 1 && perfect.fitPercent == 100 && perfect.mase == 0)

        let zeros = Metrics.compute(actual: [0, 0, 0], predicted: [1, 0, -1], trainingSeries: [5], mode: .oneStep)
        #expect(zeros.mape.isNaN, "all actuals zero: no MAPE term")
        expectNear(zeros.smape, 100 * (2 + 0 + 2) / 3, "smape with 0/0 term counted as 0")
        #expect(zeros.mase.isNaN, "training series not longer than m")
        #expect(zeros.r2.isNaN && zeros.fitPercent.isNaN && zeros.nrmseRange.isNaN && zeros.nrmseStd.isNaN && zeros.nrmseMean.isNaN)
        expectNear(zeros.mse, 2.0 / 3, "mse")

        let flatTraining = Metrics.compute(actual: [1, 2], predicted: [1, 1], trainingSeries: [4, 4, 4], mode: .oneStep)
        #expect(flatTraining.mase.isNaN, "zero in-sample naive error")
        #expect(flatTraining.smape <= 200)
    }

    @Test func jsonUsesSnakeCaseKeysAndNullForUndefined() throws {
        let m = Metrics.compute(actual: [0, 0], predicted: [1, .nan], trainingSeries: [1, 2, 3], mode: .simulation)
        let data = try JSONEncoder().encode(m)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == [
            "mse", "rmse", "mae", "mape", "smape", "mase", "r2", "nrmse_range", "nrmse_std", "nrmse_mean",
            "fit_percent", "count", "filled_skipped", "mode",
        ])
        #expect(object["filled_skipped"] as? Int == 0)
        #expect(object["mse"] as? Double == 1, "the pair with a NaN prediction is left out")
        #expect(object["mape"] is NSNull, "no non-zero actual")
        #expect(object["r2"] is NSNull, "constant actuals")
        #expect(object["mode"] as? String == "simulation")
        #expect(object["count"] as? Int == 1)

        let good = Metrics.compute(actual: actual, predicted: predicted, trainingSeries: training, mode: .oneStep)
        let back = try JSONDecoder().decode(Metrics.self, from: JSONEncoder().encode(good))
        #expect(back.rmse == good.rmse && back.nrmseStd == good.nrmseStd && back.fitPercent == good.fitPercent)
        #expect(back.mode == good.mode && back.count == good.count)
        let undefined = try JSONDecoder().decode(Metrics.self, from: data)
        #expect(undefined.mape.isNaN && undefined.r2.isNaN && undefined.mse == 1 && undefined.count == 1)
    }

    /// The MASE scale reads a training slice by its own indices (a sliding backtest window
    /// does not start at row 0).
    @Test func maseScaleOfAnOffsetSlice() {
        let series: [Float] = [9, 9, 9, 9, 9] + Array(training)
        let offset = Metrics.compute(actual: actual, predicted: predicted, trainingSeries: series[5...], seasonalPeriod: 2, mode: .oneStep)
        let plain = Metrics.compute(actual: actual, predicted: predicted, trainingSeries: training, seasonalPeriod: 2, mode: .oneStep)
        #expect(offset.mase == plain.mase)
        #expect(plain.mase.isFinite)
    }
}

extension MetricsTests {
    /// The one-pass (Welford) sums agree with a two-pass Double computation on a long
    /// series with a large offset, where `Σy² − nȳ²` would lose every digit of `Σ(y−ȳ)²`.
    @Test func onePassSumsMatchTwoPassOnOffsetSeries() {
        let n = 200_000
        let y = (0..<n).map { Float(10_000 + 0.5 * sin(Double($0) * 0.01)) }
        let p = (0..<n).map { y[$0] + Float(0.01 * cos(Double($0) * 0.37)) }
        let m = Metrics.compute(actual: y, predicted: p, scale: 1, mode: .oneStep)
        let mean = y.reduce(0.0) { $0 + Double($1) } / Double(n)
        let sst = y.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
        let sse = zip(y, p).reduce(0.0) { $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1)) }
        #expect(abs(m.r2 - (1 - sse / sst)) <= 1e-9)
        #expect(abs(m.nrmseStd - (sse / sst).squareRoot()) <= 1e-9 * m.nrmseStd)
        #expect(abs(m.nrmseMean - (sse / Double(n)).squareRoot() / mean) <= 1e-12 * m.nrmseMean)
    }
}
