import Foundation
import Testing
@testable import TSForecast
import TSData

/// Scores by lead time: from every origin `k` of the evaluated rows with `k + H − 1` also
/// evaluated, the `H`-step forecast against the actuals, beside persistence `y(k − 1)` and
/// the seasonal naive `y(t − m·⌈h/m⌉)` at the same lead.
@Suite struct LeadTimeEvaluationTests {
    /// RMSE, MAE and MASE of `pairs` (actual, forecast) by the formulas, in Double.
    static func scores(_ pairs: [(Float, Float)], scale: Double) -> (rmse: Double, mae: Double, mase: Double) {
        let errors = pairs.map { Double($0.0) - Double($0.1) }
        let n = Double(errors.count)
        let mae = errors.map(abs).reduce(0, +) / n
        return ((errors.map { $0 * $0 }.reduce(0, +) / n).squareRoot(), mae, mae / scale)
    }

    /// Relative agreement to `1e-9`: both sides sum the same Double terms, possibly in
    /// another order (a few ulps of Double).
    static func expectClose(_ a: Double, _ b: Double, _ what: String) {
        #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(what): \(a) vs \(b)")
    }

    /// A direct model (`H = 3`, seasonal period 4) on the nile test part: every lead's
    /// scores equal those computed here from single-origin roll-outs and the formulas.
    @Test func directModelScoresEqualHandComputedOnes() throws {
        let file = TestData.bundled("nile.csv")
        var setup = PipelineTests.setup(.gru, lags: 5, hidden: 6, epochs: 2)
        setup.horizon = 3
        setup.season = 4
        let model = try ForecastPipeline.train(file: file, setup: setup, progress: nil).model
        let loaded = try model.load(file: file, allowFuture: false)
        let report = try model.evaluate(loaded, mode: .oneStep, all: false)
        let leads = try #require(report.metrics.byLeadTime)
        #expect(leads.map(\.lead) == [1, 2, 3])

        let y = loaded.recording.target
        let split = try DataSplit(loaded.dataset, rule: setup.splitRule)
        let test = split.rows(.test, recording: 0), train = split.rows(.train, recording: 0)
        let scale = Metrics.seasonalScale(y[train], period: 4)
        let recording = try model.modelSpace(loaded)
        let origins = Array(test.lowerBound...(test.upperBound - 3))
        let forecasts = origins.map { k in model.rollOut(recording, start: k, steps: 3, originalHistory: y[..<k]).values }
        for h in 1...3 {
            let entry = leads[h - 1]
            let targets = origins.map { $0 + h - 1 }
            let modelScores = Self.scores(zip(targets, forecasts).map { (y[$0], $1[h - 1]) }, scale: scale)
            // Single-origin and batched network calls may round differently (float32 sums
            // in another order): about 1e-6 relative on values of order 10³.
            #expect(abs(entry.model.rmse - modelScores.rmse) <= 1e-4 * modelScores.rmse, "lead \(h) RMSE")
            #expect(abs(entry.model.mae - modelScores.mae) <= 1e-4 * modelScores.mae, "lead \(h) MAE")
            #expect(entry.model.count == origins.count)
            let persistence = Self.scores(zip(targets, origins).map { (y[$0], y[$1 - 1]) }, scale: scale)
            Self.expectClose(entry.persistence.rmse, persistence.rmse, "lead \(h) persistence RMSE")
            Self.expectClose(entry.persistence.mae, persistence.mae, "lead \(h) persistence MAE")
            Self.expectClose(entry.persistence.mase, persistence.mase, "lead \(h) persistence MASE")
            // m = 4 ≥ h: the seasonal naive forecast of t is y(t − 4).
            let seasonal = Self.scores(targets.map { (y[$0], y[$0 - 4]) }, scale: scale)
            Self.expectClose(try #require(entry.seasonalNaive).rmse, seasonal.rmse, "lead \(h) seasonal naive RMSE")
        }
        let mean = try #require(report.metrics.leadTimeMean)
        Self.expectClose(mean.model.rmse, leads.map(\.model.rmse).reduce(0, +) / 3, "mean RMSE over leads")
    }

    /// A tiny hand-made case: `y = 0, 1, 4, 9, …` (t²) scored by lead on rows 6…9 with
    /// `H = 2`: origins 6, 7, 8; persistence at lead 2 forecasts `y(t)` by `y(t − 2)`.
    @Test func baselinesByLeadOnATinySeries() throws {
        let y = (0..<10).map { Float($0 * $0) }
        let reference = ReferenceTarget(y, training: 0..<6, seasonalPeriod: 1)
        var setup = PipelineTests.setup(.narx, lags: 1, hidden: 2, epochs: 1)
        setup.horizon = 2
        let model = try ForecastPipeline.train(file: TestData.bundled("nile.csv"), setup: setup, progress: nil).model
        let recording = try TestData.dataset(target: y).recordings[0]
        let leads = model.leadTimeScores(recording, reference: reference, runs: [6..<10], leads: 2, filled: [], seasonal: false)
        // Scale: mean |y(t) − y(t−1)| over t = 1…5 = (1 + 3 + 5 + 7 + 9)/5 = 5.
        // Lead 1, origins 6, 7, 8: errors y(k) − y(k−1) = 11, 13, 15.
        // Lead 2: errors y(k+1) − y(k−1) = 49 − 25, 64 − 36, 81 − 49 = 24, 28, 32.
        #expect(leads[0].persistence == PointScores(rmse: ((121.0 + 169 + 225) / 3).squareRoot(), mae: 13, mase: 13.0 / 5, count: 3))
        #expect(leads[1].persistence == PointScores(rmse: ((576.0 + 784 + 1024) / 3).squareRoot(), mae: 28, mase: 28.0 / 5, count: 3))
        #expect(leads[0].seasonalNaive == nil && leads.map(\.model.count) == [3, 3])
    }

    /// `leadTimes` on a one-step model scores recursive forecasts; at lead 1 they are the
    /// one-step predictions of the same rows.
    @Test func recursiveModelsAreScoredByLeadOnRequest() throws {
        let file = TestData.bundled("nile.csv")
        let model = try ForecastPipeline.train(file: file, setup: PipelineTests.setup(.lstm, lags: 5, hidden: 6, epochs: 2), progress: nil).model
        let loaded = try model.load(file: file, allowFuture: false)
        #expect(try model.evaluate(loaded, mode: .oneStep, all: false).metrics.byLeadTime == nil)
        let one = try model.evaluate(loaded, mode: .oneStep, all: false, leadTimes: 1).metrics
        let lead = try #require(one.byLeadTime?.first)
        #expect(lead.model.count == one.count)
        #expect(abs(lead.model.rmse - one.rmse) <= 1e-9 * one.rmse)
        let four = try #require(try model.evaluate(loaded, mode: .oneStep, all: false, leadTimes: 4).metrics.byLeadTime)
        #expect(four.map(\.lead) == [1, 2, 3, 4] && four.allSatisfy { $0.model.count == one.count - 3 })
    }

    /// The JSON keys (`docs/REPORT_FORMAT.md`), and a fold mean that averages lead by lead.
    @Test func jsonKeysAndFoldMeans() throws {
        func entry(_ lead: Int, _ rmse: Double) -> LeadTimeScores {
            let scores = PointScores(rmse: rmse, mae: rmse / 2, mase: .nan, count: 2)
            return LeadTimeScores(lead: lead, model: scores, persistence: scores, seasonalNaive: nil)
        }
        var metrics = Metrics.compute(actual: [1, 2], predicted: [1, 3], scale: 1, mode: .oneStep)
        metrics.byLeadTime = [entry(1, 1), entry(2, 3)]
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(metrics)) as? [String: Any])
        let leads = try #require(json["by_lead_time"] as? [[String: Any]])
        #expect(leads.count == 2 && leads[1]["lead"] as? Int == 2)
        let model = try #require(leads[1]["model"] as? [String: Any])
        #expect(model["rmse"] as? Double == 3 && model["mase"] is NSNull && model["count"] as? Int == 2)
        #expect(leads[0]["seasonal_naive"] is NSNull)
        #expect(((json["lead_time_mean"] as? [String: Any])?["model"] as? [String: Any])?["rmse"] as? Double == 2)
        let decoded = try JSONDecoder().decode(Metrics.self, from: JSONEncoder().encode(metrics))
        #expect(decoded.byLeadTime?.map(\.model.rmse) == [1, 3])
        var other = metrics
        other.byLeadTime = [entry(1, 3), entry(2, 5)]
        #expect(Metrics.mean(of: [metrics, other]).byLeadTime?.map(\.model.rmse) == [2, 4])
        other.byLeadTime = nil
        #expect(Metrics.mean(of: [metrics, other]).byLeadTime == nil)
    }
}
