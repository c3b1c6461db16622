/// Parses time cells: ISO-8601 dates and date-times, or plain numbers.
///
/// Dates: `YYYY-MM-DD` or `YYYY-MM` (first of the month). Date-times: a date, `T` or a
/// space, `HH:MM[:SS[.fff]]`, then optionally `Z` or an offset `±HH:MM` / `±HHMM`, which is
/// converted to UTC. The first cell fixes the kind; a later date-time upgrades a date axis.
struct TimeParser {
    /// The axis kind seen so far (`nil` before the first cell).
    private(set) var kind: TimeAxis.Kind?

    /// What a cell of the current kind should look like, for error messages.
    var expectation: String {
        switch kind {
        case .number: return "a number (the time column holds numbers)"
        case .date, .dateTime, nil: return "an ISO-8601 date like 1958-03-29 or date-time like 1958-03-29T12:00:00Z"
        }
    }

    /// Takes over a date-time kind another parser of the same column saw.
    mutating func merge(_ other: TimeParser) {
        if kind == nil || (kind == .date && other.kind == .dateTime) { kind = other.kind }
    }

    /// The time of one cell, or `nil` if it does not parse as the column's kind.
    mutating func parse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double? {
        if kind != .number, let (seconds, hasTime) = TimeParser.parseDate(bytes, count: count) {
            if kind == nil || (kind == .date && hasTime) { kind = hasTime ? .dateTime : .date }
            return seconds
        }
        guard kind == nil || kind == .number else { return nil }
        guard case .value = NumberParser.parse(bytes, count: count) else { return nil }
        kind = .number
        // Time values keep full Double precision (e.g. epoch seconds).
        return Double(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
    }

    private static func parseDate(_ b: UnsafePointer<UInt8>, count n: Int) -> (Double, Bool)? {
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= n else { return nil }
            var v = 0
            for j in i..<(i + width) {
                let d = b[j] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += width
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < n, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), (1...12).contains(month) else { return nil }
        var day = 1
        if expect("-") {
            guard let d = number(2), d >= 1, d <= CivilDate.daysIn(month: month, year: year) else { return nil }
            day = d
        }
        var seconds = Double(CivilDate.days(year: year, month: month, day: day)) * 86_400
        if i == n { return (seconds, false) }
        guard expect("T") || expect(" "), let hh = number(2), hh < 24, expect(":"), let mm = number(2), mm < 60
        else { return nil }
        seconds += Double(hh * 3600 + mm * 60)
        if expect(":") {
            guard let ss = number(2), ss < 61 else { return nil }
            seconds += Double(ss)
            if expect(".") {
                var scale = 0.1
                let start = i
                while i < n, case let d = b[i] &- 48, d < 10 {
                    seconds += Double(d) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        if expect("Z") || i == n { return i == n ? (seconds, true) : nil }
        guard i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Double = b[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let oh = number(2), oh <= 14 else { return nil }
        _ = expect(":")
        guard let om = number(2), om < 60, i == n else { return nil }
        return (seconds - sign * Double(oh * 3600 + om * 60), true)
    }
}
