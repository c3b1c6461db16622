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

    /// One line per series left out of a global model.
    static func skippedLines(_ skipped: [GlobalSeries.Skipped]) -> [String] {
        skipped.map { "  skipped \($0.name): \($0.reason)" }
    }
}
