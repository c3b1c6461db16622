/// One forecaster's scores at one lead time, aggregated over the series of a global
/// model: with `MASE_{s,h}` and `RMSE_{s,h}` series `s`'s scores at lead `h`
/// (`LeadTimeScores`) and `scale_s` its MASE scale,
///
/// - `meanMASE = mean_s MASE_{s,h}`
/// - `meanRMSSE = mean_s RMSE_{s,h} / scale_s` (errors scaled so series of any level
///   weigh alike)
///
/// each over the series where it is defined (NaN, JSON `null`, where none is). JSON keys
/// `mean_mase`, `mean_rmsse`, `series` (the series averaged).
public struct LeadAggregate: Codable, Sendable, Equatable {
    /// Mean over series of MASE at this lead.
    public var meanMASE: Double
    /// Mean over series of RMSE / MASE scale at this lead.
    public var meanRMSSE: Double
    /// Series averaged.
    public var series: Int

    enum CodingKeys: String, CodingKey {
        case series
        case meanMASE = "mean_mase", meanRMSSE = "mean_rmsse"
    }

    /// The memberwise initializer.
    public init(meanMASE: Double, meanRMSSE: Double, series: Int) {
        (self.meanMASE, self.meanRMSSE, self.series) = (meanMASE, meanRMSSE, series)
    }

    /// The aggregate of `scores[s]` with MASE scale `scales[s]`.
    public init(_ scores: [PointScores], scales: [Double]) {
        precondition(scores.count == scales.count, "LeadAggregate: \(scores.count) scores for \(scales.count) scales")
        meanMASE = ScoreAggregate.mean(scores.map(\.mase))
        meanRMSSE = ScoreAggregate.mean(zip(scores, scales).map { $0.rmse / $1 })
        series = scores.count
    }

    /// Decodes JSON written by `encode(to:)`; `null` reads back as NaN.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        meanMASE = try c.decodeIfPresent(Double.self, forKey: .meanMASE) ?? .nan
        meanRMSSE = try c.decodeIfPresent(Double.self, forKey: .meanRMSSE) ?? .nan
        series = try c.decode(Int.self, forKey: .series)
    }

    /// Encodes every key, values that are not finite as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(meanMASE.isFinite ? meanMASE : nil, forKey: .meanMASE)
        try c.encode(meanRMSSE.isFinite ? meanRMSSE : nil, forKey: .meanRMSSE)
        try c.encode(series, forKey: .series)
    }
}

/// The scores by lead time of a global model at lead `h` (0: their mean over the leads),
/// aggregated over the series (`LeadAggregate`) beside persistence and seasonal naive
/// aggregated the same way; seasonal naive only when every series has its scores.
public typealias GlobalLeadScores = LeadScores<LeadAggregate>

extension LeadScores where Score == LeadAggregate {
    /// Entry `lead` of each series' scores (`perSeries[s]`, one entry per series, all of
    /// the same lead) aggregated with MASE scales `scales`.
    init(lead: Int, _ perSeries: [LeadTimeScores], scales: [Double]) {
        self.lead = lead
        model = LeadAggregate(perSeries.map(\.model), scales: scales)
        persistence = LeadAggregate(perSeries.map(\.persistence), scales: scales)
        let seasonal = perSeries.compactMap(\.seasonalNaive)
        seasonalNaive = seasonal.count == perSeries.count ? LeadAggregate(seasonal, scales: scales) : nil
    }

    /// The aggregates of `series`' scores by lead time (`Metrics.byLeadTime`), one entry
    /// per lead, and of each series' mean over the leads (`Metrics.leadTimeMean`, lead 0);
    /// `nil` unless every series has scores of the same lead times.
    static func aggregate(_ series: [SeriesScore]) -> (byLead: [GlobalLeadScores], mean: GlobalLeadScores)? {
        let leads = series.compactMap(\.metrics.byLeadTime)
        guard let first = leads.first, !first.isEmpty, leads.count == series.count,
            leads.allSatisfy({ $0.map(\.lead) == first.map(\.lead) })
        else { return nil }
        let scales = series.map(\.scale)
        let byLead = first.indices.map { h in GlobalLeadScores(lead: first[h].lead, leads.map { $0[h] }, scales: scales) }
        return (byLead, GlobalLeadScores(lead: 0, series.compactMap(\.metrics.leadTimeMean), scales: scales))
    }
}
