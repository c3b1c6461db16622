/// The time stamps of a series' rows and their inferred regular step.
///
/// `values[i]` is row `i`'s time: seconds since 1970-01-01T00:00:00Z for ISO-8601 dates
/// and date-times, or the plain number (e.g. a year `1871`) for numeric time columns.
/// Values are strictly increasing (the reader checks it).
public struct TimeAxis: Equatable, Sendable, Codable {
    /// How the time column was written.
    public enum Kind: String, Equatable, Sendable, Codable {
        /// Plain numbers (`1871`, `0.5`).
        case number
        /// ISO-8601 dates (`1958-03-29`, or `1958-03` for the first of the month).
        case date
        /// ISO-8601 date-times (`2020-01-01T06:00:00Z`, offsets converted to UTC).
        case dateTime
    }

    /// How the time column was written.
    public var kind: Kind
    /// One time per row, strictly increasing.
    public var values: [Double]

    /// A time axis over `values`.
    public init(kind: Kind, values: [Double]) {
        self.kind = kind
        self.values = values
    }

    /// The regular step between rows, inferred from the data (`nil` with fewer than two rows).
    ///
    /// Constant differences give `.fixed(Δ)` (weekly dates: `.fixed(604800)`). Dates that
    /// keep their day of month (or all fall on month ends) give calendar months: monthly data
    /// `.months(1)`, quarterly `.months(3)`, yearly `.months(12)`. Otherwise the most
    /// common difference (gaps in the data are whole multiples of it).
    public var step: TimeStep? {
        guard values.count >= 2 else { return nil }
        let differences = zip(values.dropFirst(), values).map { $0 - $1 }
        if kind != .number && Set(differences).count > 1 {
            let dates = values.map(CivilDate.init(seconds:))
            let sameTime = dates.allSatisfy { $0.secondOfDay == dates[0].secondOfDay }
            let sameDay = dates.allSatisfy { $0.day == dates[0].day }
            let monthEnds = dates.allSatisfy(\.isMonthEnd)
            if sameTime && (sameDay || monthEnds) {
                let months = zip(dates.dropFirst(), dates).map { $0.monthIndex - $1.monthIndex }
                return .months(TimeAxis.mode(months), monthEnd: monthEnds && !sameDay)
            }
        }
        return .fixed(TimeAxis.mode(differences))
    }

    /// The `count` times following the last row, one step apart.
    public func following(_ count: Int) -> [Double] {
        guard count > 0, let last = values.last, let step else { return [] }
        return (1...count).map { step.advance(last, by: $0) }
    }

    /// `t` written like the input: `1958-03-29`, `2020-01-01T06:00:00Z` or `1871`.
    public func format(_ t: Double) -> String {
        switch kind {
        case .number:
            return t == t.rounded() && abs(t) < 1e15 ? String(Int(t)) : String(t)
        case .date, .dateTime:
            let d = CivilDate(seconds: t)
            let date = "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
            guard kind == .dateTime else { return date }
            let s = Int(d.secondOfDay.rounded(.down))
            return date + "T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))Z"
        }
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func mode<T: Hashable & Comparable>(_ xs: [T]) -> T {
        var counts: [T: Int] = [:]
        for x in xs { counts[x, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
    }
}

/// The regular spacing of a time axis.
public enum TimeStep: Equatable, Sendable, Codable {
    /// A constant difference (seconds for dates, units for numbers).
    case fixed(Double)
    /// Calendar months; `monthEnd` keeps the last day of each month.
    case months(Int, monthEnd: Bool)

    /// `t` advanced by `n` steps.
    public func advance(_ t: Double, by n: Int) -> Double {
        switch self {
        case .fixed(let delta): return t + Double(n) * delta
        case .months(let m, let monthEnd): return CivilDate(seconds: t).adding(months: m * n, monthEnd: monthEnd).seconds
        }
    }
}
