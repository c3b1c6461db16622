import TSSupport

/// A cyclic calendar position of a row's own time, fed to a model as the pair
/// `(sin 2πφ, cos 2πφ)` of its phase `φ ∈ [0, 1)` (UTC, proleptic Gregorian calendar):
///
/// - `hour`: time of day, `φ = secondOfDay / 86400` (06:00 → 0.25);
/// - `weekday`: day of week, `φ = w / 7` with `w = 0` Monday … `6` Sunday;
/// - `yearday`: day of year, `φ = (dayOfYear − 1) / daysInYear` (365 or 366);
/// - `month`: month of year, `φ = (month − 1) / 12`.
///
/// The pair puts the cycle's end next to its start (Sunday beside Monday, December beside
/// January), which a single number `w` would not.
public enum CalendarFeature: String, Codable, CaseIterable, Sendable {
    /// Time of day.
    case hour
    /// Day of week (Monday first).
    case weekday
    /// Day of year.
    case yearday
    /// Month of year.
    case month

    /// The phase `φ ∈ [0, 1)` of the time `seconds` since 1970-01-01T00:00:00Z.
    public func phase(_ seconds: Double) -> Double {
        let date = CivilDate(seconds: seconds)
        switch self {
        case .hour:
            return date.secondOfDay / 86_400
        case .weekday:
            // 1970-01-01 was a Thursday (w = 3).
            let days = Int((seconds / 86_400).rounded(.down))
            return Double(((days + 3) % 7 + 7) % 7) / 7
        case .yearday:
            let first = CivilDate.days(year: date.year, month: 1, day: 1)
            let day = CivilDate.days(year: date.year, month: date.month, day: date.day) - first
            let length = CivilDate.days(year: date.year + 1, month: 1, day: 1) - first
            return Double(day) / Double(length)
        case .month:
            return Double(date.month - 1) / 12
        }
    }

    /// `(sin 2πφ, cos 2πφ)` of the time `seconds`.
    public func pair(_ seconds: Double) -> (sin: Float, cos: Float) {
        let angle = 2 * Double.pi * phase(seconds)
        return (Float(sin(angle)), Float(cos(angle)))
    }

    /// The features that suit a time axis with regular step `step` (`--calendar auto`):
    ///
    /// - steps below one day (hourly, half-hourly, …): `hour`, `weekday`;
    /// - steps of one day up to a week (daily, business days): `weekday`, `yearday`;
    /// - fixed steps of a week up to 28 days (weekly, fortnightly): `yearday`;
    /// - calendar months (monthly, quarterly, yearly dates) and fixed steps of 28 days or
    ///   more: `month`.
    public static func automatic(for step: TimeStep) -> [CalendarFeature] {
        switch step {
        case .months: return [.month]
        case .fixed(let seconds) where seconds < 86_400: return [.hour, .weekday]
        case .fixed(let seconds) where seconds < 7 * 86_400: return [.weekday, .yearday]
        case .fixed(let seconds) where seconds < 28 * 86_400: return [.yearday]
        case .fixed: return [.month]
        }
    }
}
