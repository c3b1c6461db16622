import TSForecast
import TSSupport

/// What `train --global --json` prints: the training run (history, test metrics and
/// baselines averaged over the series), the per-series scores with their aggregates, and
/// the series left out.
struct GlobalRunJSON: Encodable {
    var training: TrainingReport
    var evaluation: GlobalEvaluation
    var skipped: [GlobalSeries.Skipped]
}

extension Output {
    /// The aggregates of a global model's scores beside persistence and seasonal naive;
    /// of a global ensemble, then a line naming its members (their per-series spread is
    /// in the JSON report).
    static func globalTable(title: String, _ e: GlobalEvaluation, model: String) -> String {
        let header = ["", "mean MASE", "median MASE", "mean sMAPE%", "mean RMSSE", "series"]
        let rows = [(model, e.model), ("persistence", e.persistence)] + (e.seasonalNaive.map { [("seasonal naive", $0)] } ?? [])
        let table = alignedTable(title: title, [header] + rows.map { name, a in
            [name] + [a.meanMASE, a.medianMASE, a.meanSMAPE, a.meanRMSSE].map(number) + ["\(a.series)"]
        })
        guard let spread = e.series.first?.members else { return table }
        return table + "\n  ensemble of \(spread.members) (\(spread.combine.rawValue)), seeds \(spread.seeds.map(String.init).joined(separator: ", ")); each member's scores per series: --json"
    }

    /// The scores by lead time of a global model (`GlobalEvaluation.byLeadTime`) as an
    /// aligned table: one row per lead `h`, then the mean over the leads, with the model's
    /// mean MASE and mean RMSSE over the series beside persistence's (and seasonal naive's
    /// when scored); `nil` without scores by lead time.
    static func globalLeadTimeTable(model: String, _ e: GlobalEvaluation) -> String? {
        guard let leads = e.byLeadTime, let mean = e.leadTimeMean else { return nil }
        let seasonal = mean.seasonalNaive != nil
        let names = [model, "persistence"] + (seasonal ? ["seasonal naive"] : [])
        let header = ["lead"] + names.flatMap { ["\($0) mean MASE", "mean RMSSE"] }
        let rows = (leads + [mean]).map { entry in
            let aggregates = [entry.model, entry.persistence] + (seasonal ? [entry.seasonalNaive!] : [])
            return [entry.lead == 0 ? "mean" : "\(entry.lead)"] + aggregates.flatMap { [$0.meanMASE, $0.meanRMSSE].map(number) }
        }
        return alignedTable(title: "  by lead time (H-step forecasts, means over \(mean.model.series) series)", [header] + rows)
    }

    /// One line per series left out of a global model.
    static func skippedLines(_ skipped: [GlobalSeries.Skipped]) -> [String] {
        skipped.map { "  skipped \($0.name): \($0.reason)" }
    }
}
