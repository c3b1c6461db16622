import Foundation
import Testing
import TSForecast

/// `IntervalScores` on hand-computed rows, the choice of the scored interval, and how the
/// scores travel in `Metrics` (JSON, means over folds); `QuantileReading`'s sorting and
/// point forecast.
@Suite struct IntervalScoresTests {
    /// Levels 0.1, 0.5, 0.9: the interval [q0.1, q0.9], α = 0.2, 2/α = 10.
    ///
    /// | y | quantiles | in | width | interval score | Σ pinball |
    /// |---|---|---|---|---|---|
    /// | 5 | 4, 5, 6 | yes | 2 | 2 | 0.1 + 0 + 0.1 = 0.2 |
    /// | 1 | 2, 3, 4 | no (below by 1) | 2 | 2 + 10·1 = 12 | 0.9 + 1 + 0.3 = 2.2 |
    /// | 10 | 0, 4, 8 | no (above by 2) | 8 | 8 + 10·2 = 28 | 1 + 3 + 1.8 = 5.8 |
    /// | NaN | 0, 1, 2 | skipped | | | |
    ///
    /// coverage 1/3, mean width 4, mean interval score 14, mean pinball 8.2 / 9.
    @Test func quantileRowsScoreAsComputedByHand() {
        var accumulator = IntervalAccumulator(levels: [0.1, 0.5, 0.9], scoresPinball: true)
        accumulator.add(actual: 5, quantiles: [4, 5, 6])
        accumulator.add(actual: 1, quantiles: [2, 3, 4])
        accumulator.add(actual: 10, quantiles: [0, 4, 8])
        accumulator.add(actual: .nan, quantiles: [0, 1, 2])
        let s = accumulator.scores
        #expect(s.count == 3 && s.lowerLevel == 0.1 && s.upperLevel == 0.9 && abs(s.nominal - 0.8) < 1e-12)
        #expect(abs(s.coverage - 1.0 / 3) < 1e-12)
        #expect(abs(s.meanWidth - 4) < 1e-12)
        #expect(abs(s.intervalScore - 14) < 1e-9)
        #expect(abs(s.pinball! - 8.2 / 9) < 1e-12)
    }

    /// The Gaussian 95% interval: α = 0.05, 2/α = 40; y = 0 inside [−1, 1] scores its
    /// width 2, y = 3 above by 2 scores 2 + 40·2 = 82. No pinball loss.
    @Test func gaussianIntervalScoresWithoutPinball() {
        var accumulator = IntervalAccumulator(levels: [0.025, 0.975], scoresPinball: false)
        accumulator.add(actual: 0, quantiles: [-1, 1])
        accumulator.add(actual: 3, quantiles: [-1, 1])
        let s = accumulator.scores
        #expect(abs(s.nominal - 0.95) < 1e-12 && s.coverage == 0.5 && s.meanWidth == 2)
        #expect(abs(s.intervalScore - 42) < 1e-9)
        #expect(s.pinball == nil)
        let object = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(s)) as? [String: Any]
        #expect(object.map { Set($0.keys) } == ["lower_level", "upper_level", "nominal", "coverage", "mean_width", "interval_score", "count"])
    }

    /// The outermost pair τ, 1 − τ when there is one, else the outermost levels.
    @Test func scoredIntervalIsTheOutermostCentralPair() {
        #expect(IntervalScores.intervalLevels(of: [0.05, 0.1, 0.5, 0.9]).map { [$0.lower, $0.upper] } == [1, 3])
        #expect(IntervalScores.intervalLevels(of: [0.1, 0.2, 0.8, 0.9]).map { [$0.lower, $0.upper] } == [0, 3])
        #expect(IntervalScores.intervalLevels(of: [0.2, 0.5, 0.7]).map { [$0.lower, $0.upper] } == [0, 2])
        #expect(IntervalScores.intervalLevels(of: [0.5]) == nil)
    }

    /// Metrics carry the scores in JSON under `interval` (left out for point forecasts),
    /// read them back, and average them over folds.
    @Test func metricsCarryIntervalScores() throws {
        var accumulator = IntervalAccumulator(levels: [0.1, 0.9], scoresPinball: true)
        accumulator.add(actual: 1, quantiles: [0, 2])
        var metrics = Metrics.compute(actual: [1], predicted: [1], scale: 1, mode: .oneStep)
        let plain = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(metrics)) as? [String: Any])
        #expect(plain["interval"] == nil)
        metrics.interval = accumulator.scores
        let decoded = try JSONDecoder().decode(Metrics.self, from: JSONEncoder().encode(metrics))
        #expect(decoded.interval == metrics.interval)
        var other = metrics
        other.interval!.coverage = 0
        other.interval!.pinball = 0.3
        let mean = try #require(Metrics.mean(of: [metrics, other]).interval)
        #expect(mean.coverage == 0.5 && mean.count == 2 && abs(mean.pinball! - (metrics.interval!.pinball! + 0.3) / 2) < 1e-12)
        #expect(Metrics.mean(of: [metrics, Metrics.compute(actual: [1], predicted: [1], scale: 1, mode: .oneStep)]).interval == nil)
    }

    /// Each value's quantiles are sorted; the point is the 0.5 quantile when it is a
    /// level, else the mean.
    @Test func quantileReadingSortsAndPicksThePoint() {
        let median = QuantileReading(levels: [0.1, 0.5, 0.9]).read([3, 1, 2, 9, 7, 8])
        #expect(median.map(\.point) == [2, 8] && median.map(\.quantiles) == [[1, 2, 3], [7, 8, 9]])
        let mean = QuantileReading(levels: [0.25, 0.75]).read([4, 2])
        #expect(mean.map(\.point) == [3] && mean.map(\.quantiles) == [[2, 4]])
    }
}
