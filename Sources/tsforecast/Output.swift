import TSForecast
import TSSupport

/// Formatting of reports for people (aligned tables) and for scripts (JSON).
enum Output {
    /// `value` as pretty-printed JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The model line and the metrics table of a training run.
    static func trainingSummary(_ report: TrainingReport) -> String {
        var lines = [
            "model \(report.model)  parameters \(report.parameters)  epochs \(report.epochsRun) (best \(report.bestEpoch))  \(String(cFormat: "%.1f", report.trainSeconds)) s"
        ]
        lines.append(metricsTable(title: "test (\(scored(report.test)))", rows: [(report.model, report.test)] + baselineRows(report.baselines)))
        if let spread = report.memberTest { lines.append(memberSpreadLine(spread)) }
        return lines.joined(separator: "\n")
    }

    /// An ensemble's line: its size, combine rule and the members' RMSE and MAE spread.
    static func memberSpreadLine(_ spread: MemberSpread) -> String {
        "ensemble of \(spread.members) (\(spread.combine.rawValue)); members alone: "
            + String(cFormat: "RMSE min %.4g median %.4g max %.4g, MAE min %.4g median %.4g max %.4g",
                spread.rmse.min, spread.rmse.median, spread.rmse.max, spread.mae.min, spread.mae.median, spread.mae.max)
    }

    /// "one-step, 15 rows", plus how many filled actuals were left out when there were any.
    static func scored(_ m: Metrics) -> String {
        "\(m.mode.rawValue), \(m.count) rows" + (m.filledSkipped > 0 ? "; \(m.filledSkipped) filled values not scored" : "")
    }

    /// The baselines as table rows.
    static func baselineRows(_ b: BaselineReport) -> [(String, Metrics)] {
        [("persistence", b.persistence)] + (b.seasonalNaive.map { [("seasonal naive", $0)] } ?? []) + [("mean", b.mean)]
    }

    /// The line saying which evaluated rows the seasonal naive baseline could not
    /// forecast (rows `k < m`), or nil when it forecast them all.
    static func seasonalNaiveNote(_ b: BaselineReport) -> String? {
        guard b.seasonalNaiveUnscored > 0, let m = b.seasonalPeriod else { return nil }
        let scored = b.seasonalNaive.map { "scored on the other \($0.count) rows" } ?? "not scored"
        return "  seasonal naive: \(b.seasonalNaiveUnscored) rows have no row k − \(m) before them; \(scored)"
    }

    /// An aligned table of metrics, one row per model or baseline, followed by the
    /// interval scores of the rows that have them (Gaussian and quantile models) and the
    /// first row's scores by lead time (`leadTimeTable`).
    static func metricsTable(title: String, rows: [(String, Metrics)]) -> String {
        let header = ["", "RMSE", "MAE", "MAPE%", "sMAPE%", "MASE", "R²", "fit%"]
        var table = alignedTable(title: title, [header] + rows.map { name, m in
            [name] + [m.rmse, m.mae, m.mape, m.smape, m.mase, m.r2, m.fitPercent].map(number)
        })
        if let (name, metrics) = rows.first, let leads = leadTimeTable(model: name, metrics) { table += "\n" + leads }
        let intervals = rows.compactMap { name, m in m.interval.map { (name, $0) } }
        guard let first = intervals.first?.1 else { return table }
        let title = "predictive interval [q\(first.lowerLevel), q\(first.upperLevel)], nominal \(number(100 * first.nominal))%"
        let scores = alignedTable(title: "  " + title, [["", "coverage", "width", "interval score", "pinball"]] + intervals.map { name, s in
            [name] + [s.coverage, s.meanWidth, s.intervalScore, s.pinball ?? .nan].map(number)
        })
        return table + "\n" + scores
    }

    /// `table` (a header row, then rows of the same width) under `title`, the first column
    /// left-aligned, the others right-aligned.
    static func alignedTable(title: String, _ table: [[String]]) -> String {
        let header = table[0]
        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        let body = table.map { row in
            row.enumerated().map { c, cell in
                c == 0 ? cell.padded(to: widths[c])
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return ([title] + body.map { "  " + $0 }).joined(separator: "\n")
    }

    /// Four significant digits; `-` for undefined values.
    static func number(_ v: Double) -> String {
        v.isFinite ? String(cFormat: "%.4g", v) : "-"
    }
}
