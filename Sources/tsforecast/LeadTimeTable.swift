import TSForecast

extension Output {
    /// The scores by lead time of `metrics` (`Metrics.byLeadTime`) as an aligned table:
    /// one row per lead `h`, then their mean, with the model's RMSE, MAE and MASE beside
    /// those of persistence (and of the seasonal naive forecast when scored) at the same
    /// lead; `nil` without scores by lead time.
    static func leadTimeTable(model: String, _ metrics: Metrics) -> String? {
        guard let leads = metrics.byLeadTime, let mean = metrics.leadTimeMean else { return nil }
        let seasonal = leads.allSatisfy { $0.seasonalNaive != nil }
        let names = [model, "persistence"] + (seasonal ? ["seasonal naive"] : [])
        let header = ["lead"] + names.flatMap { ["\($0) RMSE", "MAE", "MASE"] }
        let rows = (leads + [mean]).map { entry in
            let scores = [entry.model, entry.persistence] + (seasonal ? [entry.seasonalNaive!] : [])
            return [entry.lead == 0 ? "mean" : "\(entry.lead)"] + scores.flatMap { [$0.rmse, $0.mae, $0.mase].map(number) }
        }
        let origins = leads.first?.model.count ?? 0
        return alignedTable(title: "  by lead time (H-step forecasts from \(origins) origins)", [header] + rows)
    }
}
