import Foundation
import Testing
import TSData
@testable import TSForecast

/// Scores by lead time of a global model, aggregated over the series (`GlobalLeadScores`).
@Suite struct GlobalLeadTimeTests {
    static func scores(rmse: Double, mase: Double) -> PointScores { PointScores(rmse: rmse, mae: rmse / 2, mase: mase, count: 10) }

    /// A series score of scale `scale` whose lead entries are `leads` (`(model, persistence)`
    /// RMSE and MASE per lead), without seasonal naive scores.
    static func series(_ name: String, scale: Double, _ leads: [(model: (Double, Double), persistence: (Double, Double))]?) -> SeriesScore {
        var metrics = Metrics.compute(actual: [1, 2, 3], predicted: [1, 2, 4], trainingSeries: [0, 1, 2, 3], mode: .oneStep)
        metrics.byLeadTime = leads?.enumerated().map { h, entry in
            LeadTimeScores(
                lead: h + 1, model: scores(rmse: entry.model.0, mase: entry.model.1),
                persistence: scores(rmse: entry.persistence.0, mase: entry.persistence.1), seasonalNaive: nil)
        }
        let baselines = BaselineReport(persistence: metrics, seasonalNaive: nil, seasonalNaiveUnscored: 0, mean: metrics, seasonalPeriod: nil)
        return SeriesScore(name: name, metrics: metrics, baselines: baselines, scale: scale, members: nil)
    }

    /// Two series of MASE scales 1 and 2, hand-computed: at lead 1 the model's MASEs 0.5
    /// and 1.5 average 1.0 and its RMSEs 2 and 4 scale to 2/1 and 4/2, mean 2.0; at lead 2
    /// MASE (1 + 2)/2 = 1.5, RMSSE (3/1 + 8/2)/2 = 3.5; persistence 2.0, 4.0 and 3.0, 5.5;
    /// the lead mean averages each series' mean over the leads: MASE (0.75 + 1.75)/2 =
    /// 1.25, RMSSE (2.5/1 + 6/2)/2 = 2.75. Every value is a dyadic fraction: exact.
    @Test func aggregatesEachLeadOverTheSeries() throws {
        let evaluation = GlobalEvaluation(series: [
            Self.series("a", scale: 1, [((2, 0.5), (4, 1)), ((3, 1), (6, 2))]),
            Self.series("b", scale: 2, [((4, 1.5), (8, 3)), ((8, 2), (10, 4))]),
        ])
        let leads = try #require(evaluation.byLeadTime)
        #expect(leads.map(\.lead) == [1, 2])
        #expect(leads[0].model == LeadAggregate(meanMASE: 1.0, meanRMSSE: 2.0, series: 2))
        #expect(leads[1].model == LeadAggregate(meanMASE: 1.5, meanRMSSE: 3.5, series: 2))
        #expect(leads[0].persistence == LeadAggregate(meanMASE: 2.0, meanRMSSE: 4.0, series: 2))
        #expect(leads[1].persistence == LeadAggregate(meanMASE: 3.0, meanRMSSE: 5.5, series: 2))
        #expect(leads.allSatisfy { $0.seasonalNaive == nil })
        let mean = try #require(evaluation.leadTimeMean)
        #expect(mean.lead == 0 && mean.model == LeadAggregate(meanMASE: 1.25, meanRMSSE: 2.75, series: 2))

        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(evaluation)) as? [String: Any])
        let first = try #require((object["by_lead_time"] as? [[String: Any]])?.first)
        #expect(first["lead"] as? Int == 1 && first["seasonal_naive"] is NSNull)
        #expect((first["model"] as? [String: Any])?["mean_rmsse"] as? Double == 2.0)
        #expect((object["lead_time_mean"] as? [String: Any])?["lead"] as? Int == 0)
        #expect(try JSONDecoder().decode(GlobalEvaluation.self, from: JSONEncoder().encode(evaluation)).byLeadTime == leads)

        // A series without scores by lead time: no aggregate, and no keys.
        let partial = GlobalEvaluation(series: [Self.series("a", scale: 1, [((2, 0.5), (4, 1))]), Self.series("c", scale: 1, nil)])
        #expect(partial.byLeadTime == nil && partial.leadTimeMean == nil)
        let keys = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(partial)) as? [String: Any]).keys
        #expect(!keys.contains("by_lead_time") && !keys.contains("lead_time_mean"))
    }

    /// `evaluateGlobal(leadTimes: 3)` scores every series by lead time and aggregates
    /// them: each lead's entry is the mean of the series' own entries (recomputed here from
    /// the per-series scores, which the same evaluation reports), with seasonal naive.
    @Test func evaluateGlobalScoresEverySeriesByLeadTime() throws {
        var setup = GlobalModelTests.setup()
        setup.training.epochs = 3
        let files = try GlobalModelTests.files()
        let model = try GlobalPipeline.train(files: files, setup: setup, progress: nil).model
        let evaluation = try model.evaluateGlobal(files: Array(files.dropLast()), mode: .oneStep, leadTimes: 3)
        let leads = try #require(evaluation.byLeadTime)
        #expect(leads.map(\.lead) == [1, 2, 3] && leads.allSatisfy { $0.model.series == 6 && $0.seasonalNaive != nil })
        for h in 0..<3 {
            let perSeries = evaluation.series.map { $0.metrics.byLeadTime![h] }
            let mase = perSeries.map(\.model.mase).reduce(0, +) / 6
            let rmsse = zip(perSeries, evaluation.series).map { $0.model.rmse / $1.scale }.reduce(0, +) / 6
            // The same sums in the same order: equal up to Double rounding.
            #expect(abs(leads[h].model.meanMASE - mase) <= 1e-12 * mase && abs(leads[h].model.meanRMSSE - rmsse) <= 1e-12 * rmsse)
        }
        // 12 test rows give 12 − 3 + 1 = 10 origins of 3-step forecasts.
        #expect(evaluation.series.allSatisfy { $0.metrics.count == 12 && $0.metrics.byLeadTime!.allSatisfy { $0.model.count == 10 } })
        #expect(try model.evaluateGlobal(files: Array(files.dropLast()), mode: .oneStep).byLeadTime == nil)
    }

    /// A direct multi-horizon global model (`horizon` 2) is scored by lead time in its
    /// training run without being asked, one entry per output.
    @Test func directGlobalModelIsScoredByLeadTimeWhenTrained() throws {
        var setup = GlobalModelTests.setup(.lstm)
        (setup.training.epochs, setup.hidden, setup.lags, setup.horizon) = (2, 6, 6, 2)
        let run = try GlobalPipeline.train(files: try GlobalModelTests.files(), setup: setup, progress: nil)
        #expect(run.evaluation.byLeadTime?.map(\.lead) == [1, 2])
        #expect(run.evaluation.series.allSatisfy { $0.metrics.byLeadTime?.count == 2 })
    }
}
