import Foundation
import Testing
import TSForecast

@Suite struct BaselinesTests {
    /// y(k) = k, so each prediction names the row it was read from.
    let indexSeries = (0..<20).map(Float.init)

    @Test func predictionsReadOnlyEarlierRows() {
        let targets = [15, 16, 19]
        #expect(Baseline.persistence(series: indexSeries, targets: targets) == [14, 15, 18])
        #expect(Baseline.seasonalNaive(series: indexSeries, targets: targets, period: 4) == [11, 12, 15])
        #expect(Baseline.naive(series: indexSeries, targets: [1], lag: 1) == [0])
        // Training rows 0..<15 have mean 7.
        #expect(Baseline.mean(series: indexSeries, training: 0..<15, targets: targets) == [7, 7, 7])
        #expect(Baseline.mean(series: indexSeries, training: 5..<10, targets: [12]) == [7])
    }

    @Test func seasonalNaiveIsExactOnAPeriodicSeries() throws {
        let pattern: [Float] = [1, 5, 2, 8]
        let series = (0..<24).map { pattern[$0 % 4] }
        let report = try BaselineReport.compute(
            series: series, training: 0..<16, targets: Array(16..<24), seasonalPeriod: 4, mode: .oneStep)
        let seasonal = try #require(report.seasonalNaive)
        #expect(seasonal.mse == 0 && seasonal.fitPercent == 100)
        #expect(seasonal.mase.isNaN, "periodic training series: zero in-sample seasonal error, no MASE scale")
        #expect(report.persistence.mse > 0)
        // Mean of the training part is 4; actuals 1, 5, 2, 8 twice: errors −3, 1, −2, 4.
        #expect(abs(report.mean.mse - (9 + 1 + 4 + 16) / 4) < 1e-12)
        #expect(report.seasonalPeriod == 4)
    }

    @Test func reportMatchesMetricsOfTheBaselinePredictions() throws {
        let series: [Float] = (0..<30).map { Float(sin(Double($0) * 0.7)) * 3 + Float($0) * 0.1 }
        let targets = Array(22..<30)
        let report = try BaselineReport.compute(
            series: series, training: 0..<20, targets: targets, seasonalPeriod: nil, mode: .oneStep)
        let expected = Metrics.compute(
            actual: targets.map { series[$0] }, predicted: targets.map { series[$0 - 1] },
            trainingSeries: series[0..<20], mode: .oneStep)
        #expect(report.persistence.rmse == expected.rmse)
        #expect(report.persistence.mase == expected.mase)
        #expect(report.seasonalNaive == nil)
        #expect(report.mean.count == targets.count && report.mean.mode == .oneStep)
    }

    @Test func userPeriodErrorsAreTyped() {
        #expect(throws: BaselineError.invalidSeasonalPeriod(0)) {
            try BaselineReport.compute(series: indexSeries, training: 0..<10, targets: [12], seasonalPeriod: 0, mode: .oneStep)
        }
    }

    /// Targets before row m have no seasonal naive forecast: they are counted, the
    /// others scored; persistence and mean score every target.
    @Test func earlyTargetsDoNotBlockTheOtherBaselines() throws {
        let report = try BaselineReport.compute(
            series: indexSeries, training: 0..<10, targets: [12, 13, 19], seasonalPeriod: 13, mode: .oneStep)
        let seasonal = try #require(report.seasonalNaive)
        // Rows 13 and 19 have rows 0 and 6 (errors 13); row 12 has none.
        #expect(seasonal.count == 2 && seasonal.rmse == 13)
        #expect(report.seasonalNaiveUnscored == 1)
        #expect(report.persistence.count == 3 && report.persistence.rmse == 1 && report.mean.count == 3)
        let none = try BaselineReport.compute(
            series: indexSeries, training: 0..<10, targets: [12], seasonalPeriod: 13, mode: .oneStep)
        #expect(none.seasonalNaive == nil && none.seasonalNaiveUnscored == 1 && none.seasonalPeriod == 13)
        let withoutPeriod = try BaselineReport.compute(
            series: indexSeries, training: 0..<10, targets: [12], seasonalPeriod: nil, mode: .oneStep)
        #expect(withoutPeriod.seasonalNaiveUnscored == 0)
    }

    @Test func jsonKeys() throws {
        let report = try BaselineReport.compute(
            series: indexSeries, training: 0..<10, targets: [12, 13], seasonalPeriod: nil, mode: .oneStep)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["persistence", "seasonal_naive", "seasonal_naive_unscored", "mean", "seasonal_period"])
        #expect(object["seasonal_naive"] is NSNull)
        #expect((object["persistence"] as? [String: Any])?["rmse"] as? Double == 1)
        let back = try JSONDecoder().decode(BaselineReport.self, from: JSONEncoder().encode(report))
        #expect(back.seasonalNaive == nil && back.persistence.rmse == 1 && back.mean.count == 2)
    }

    @Test func aTailReferenceScoresLikeTheWholeSeries() throws {
        let series: [Float] = (0..<200).map { Float(sin(Double($0) * 0.3)) * 5 + Float($0 % 7) }
        let targets = Array(150..<200)
        let whole = try BaselineReport.compute(series: series, training: 0..<120, targets: targets, seasonalPeriod: 7, mode: .oneStep)
        let tail = ReferenceTarget(series, from: 143, training: 0..<120, seasonalPeriod: 7)
        #expect(tail.values.count == 57 && tail[150] == series[150])
        #expect(tail.history(before: 150, count: 3) == series[147..<150])
        let fromTail = BaselineReport.compute(reference: tail, targets: targets, seasonal: true, mode: .oneStep)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(fromTail) == encoder.encode(whole))
    }
}
