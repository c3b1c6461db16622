/// Proleptic Gregorian calendar arithmetic in UTC (Howard Hinnant's `days_from_civil`).
///
/// Times are `Double` seconds since 1970-01-01T00:00:00Z.
public struct CivilDate: Equatable, Sendable {
    /// The (proleptic Gregorian) year.
    public var year: Int
    /// 1…12.
    public var month: Int
    /// 1…31.
    public var day: Int
    /// Seconds since midnight, `0 ..< 86400` (may carry a fraction).
    public var secondOfDay: Double

    /// A date-time from its parts.
    public init(year: Int, month: Int, day: Int, secondOfDay: Double = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.secondOfDay = secondOfDay
    }

    /// The calendar date of `seconds` since the epoch.
    public init(seconds: Double) {
        let days = Int((seconds / 86_400).rounded(.down))
        let (y, m, d) = CivilDate.civil(fromDays: days)
        self.init(year: y, month: m, day: d, secondOfDay: seconds - Double(days) * 86_400)
    }

    /// Seconds since the epoch.
    public var seconds: Double { Double(CivilDate.days(year: year, month: month, day: day)) * 86_400 + secondOfDay }

    /// Months since year 0: `12·year + month − 1`.
    public var monthIndex: Int { year * 12 + month - 1 }

    /// Number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether `day` is the last day of its month.
    public var isMonthEnd: Bool { day == CivilDate.daysIn(month: month, year: year) }

    /// The date `months` calendar months later; `monthEnd` pins the result to the month's
    /// last day, otherwise the day is clamped to the month's length.
    public func adding(months: Int, monthEnd: Bool) -> CivilDate {
        let index = monthIndex + months
        let y = Int((Double(index) / 12).rounded(.down))
        let m = index - y * 12 + 1
        let length = CivilDate.daysIn(month: m, year: y)
        return CivilDate(year: y, month: m, day: monthEnd ? length : min(day, length), secondOfDay: secondOfDay)
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
