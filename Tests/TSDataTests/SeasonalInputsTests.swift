import Testing
import TSData

/// Seasonal lags on `y(t) = t` (so every value names its row) and calendar features of
/// hand-picked dates, checked value by value.
///
/// Calendar tolerance: each value is `Float(sin(2πφ))` of a Double phase, so it is within
/// half a Float ulp (≤ 6·10⁻⁸ for |v| ≤ 1) of the exact value plus the Double error of
/// `sin` (~10⁻¹⁶); the expected values are the exact ones to 8 decimals (error ≤ 5·10⁻⁹).
/// 10⁻⁶ covers both with room, and is far below the gap between neighbouring phases.
@Suite struct SeasonalInputsTests {
    static let tolerance: Float = 1e-6

    static func seconds(_ year: Int, _ month: Int, _ day: Int, hour: Int = 0) -> Double {
        CivilDate(year: year, month: month, day: day, secondOfDay: Double(hour * 3600)).seconds
    }

    static func expectClose(_ actual: [Float], _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) <= tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    /// `x(k) = [y(k−1), y(k−2), y(k−5), y(k−10)]`: the first window is `k = 10` (history 10),
    /// and every seasonal entry is the row `s` back.
    @Test func narxSeasonalLagPositions() throws {
        let dataset = try indexDataset(rows: 30)
        let spec = NARXSpec(outputLags: 2, seasonal: SeasonalInputs(lags: [5, 10]))
        #expect(spec.featureCount == 4)
        #expect(spec.history == 10)
        #expect(spec.targetReads.map(\.position) == [0, 1, 2, 3])
        #expect(spec.targetReads.map(\.lag) == [1, 2, 5, 10])
        let windows = try NARXWindows(dataset, spec: spec, rows: [0..<30])
        #expect(windows.count == 20)
        let batch = windows.batch([0, 7])
        #expect(batch.inputs.scalars == [9, 8, 5, 0, 16, 15, 12, 7])
        #expect(batch.targets.scalars == [10, 17])
    }

    /// With `S = 3` steps (a cnn's window) each seasonal lag is a run
    /// `y(k−s), y(k−s−1), y(k−s−2)`, after the target's and the input's lags.
    @Test func seasonalChannelsOfAWindow() throws {
        let dataset = try indexDataset(rows: 20, inputs: 1)
        let spec = NARXSpec(outputLags: 3, inputLags: [InputLag(order: 3, delay: 0)], seasonal: SeasonalInputs(lags: [4], steps: 3))
        #expect(spec.featureCount == 9)
        #expect(spec.history == 6)
        #expect(spec.targetReads.map(\.position) == [0, 1, 2, 6, 7, 8])
        #expect(spec.targetReads.map(\.lag) == [1, 2, 3, 4, 5, 6])
        let batch = try NARXWindows(dataset, spec: spec, rows: [0..<20]).batch([0])
        #expect(batch.samples.map(\.row) == [6])
        #expect(batch.inputs.scalars == [5, 4, 3, 1006, 1005, 1004, 2, 1, 0])
    }

    /// Recurrent step features `[y(r−1), y(r−4)]` at every step; training starts at row 4.
    @Test func sequenceStepFeatures() throws {
        let dataset = try indexDataset(rows: 12)
        let spec = SequenceSpec(length: 3, stride: 3, seasonal: SeasonalInputs(lags: [4]))
        #expect(spec.featureCount == 2)
        #expect(spec.history == 4)
        let windows = try SequenceWindows(dataset, spec: spec, rows: [0..<12])
        #expect((0..<windows.count).map { windows.sample($0).row } == [4, 7])
        let batch = windows.batch([0])
        #expect(batch.inputs.shape == [3, 1, 2])
        #expect(batch.inputs.scalars == [3, 0, 4, 1, 5, 2])
        #expect(batch.targets.scalars == [4, 5, 6])
    }

    /// Phases of known UTC dates: 2024-01-01 is a Monday, 2024-03-01 a Friday (2024 is a
    /// leap year: March 1 is day 61 of 366), 2023-12-31 a Sunday (day 365 of 365).
    @Test func calendarPairsOfKnownDates() {
        let monday6 = Self.seconds(2024, 1, 1, hour: 6)
        #expect(CalendarFeature.hour.phase(monday6) == 0.25)
        #expect(CalendarFeature.weekday.phase(monday6) == 0)
        #expect(CalendarFeature.yearday.phase(monday6) == 0)
        #expect(CalendarFeature.month.phase(monday6) == 0)
        let friday18 = Self.seconds(2024, 3, 1, hour: 18)
        #expect(CalendarFeature.hour.phase(friday18) == 0.75)
        #expect(CalendarFeature.weekday.phase(friday18) == 4.0 / 7)
        #expect(CalendarFeature.yearday.phase(friday18) == 60.0 / 366)
        #expect(CalendarFeature.month.phase(friday18) == 2.0 / 12)
        let sunday = Self.seconds(2023, 12, 31)
        #expect(CalendarFeature.weekday.phase(sunday) == 6.0 / 7)
        #expect(CalendarFeature.yearday.phase(sunday) == 364.0 / 365)
        #expect(CalendarFeature.month.phase(sunday) == 11.0 / 12)
        // Before 1970 the weekday still counts from Monday (1969-12-29 was a Monday).
        #expect(CalendarFeature.weekday.phase(Self.seconds(1969, 12, 29)) == 0)

        let pairs = CalendarFeature.allCases.map { $0.pair(friday18) }
        Self.expectClose(pairs.flatMap { [$0.sin, $0.cos] }, [
            -1, 0,                        // hour 18:00
            -0.43388374, -0.90096887,     // weekday Friday, φ = 4/7
            0.85731463, 0.51479280,       // yearday 61 of 366
            0.86602540, 0.5,              // month March, φ = 2/12
        ])
    }

    /// The block of a recording with a time axis: `[y(k−24), sin, cos per feature]` at
    /// `S = 1`, and with `S = 2` each feature's sin run then cos run over `t(k), t(k−1)`.
    @Test func calendarBlockFollowsTheRowTime() throws {
        let start = Self.seconds(2024, 1, 1)
        let series = TimeSeries(
            name: "h", file: "h.csv", columnNames: ["y"], columns: [(0..<30).map(Float.init)],
            time: TimeAxis(kind: .dateTime, values: (0..<30).map { start + Double($0) * 3600 }))
        let recording = try Dataset(series: [series], target: "y").recordings[0]
        let one = SeasonalInputs(lags: [24], calendar: [.hour, .weekday])
        #expect(one.featureCount == 5)
        var x = [Float](repeating: .nan, count: 5)
        // Row 24 is 2024-01-02T00:00Z, a Tuesday (φ = 1/7).
        x.withUnsafeMutableBufferPointer { one.write(of: recording, at: 24, into: $0.baseAddress!) }
        Self.expectClose(x, [0, 0, 1, 0.78183148, 0.62348980])

        let two = SeasonalInputs(calendar: [.hour], steps: 2)
        var y = [Float](repeating: .nan, count: 4)
        // Row 6 is 06:00 (sin 1, cos 0), row 5 is 05:00 (φ = 5/24).
        y.withUnsafeMutableBufferPointer { two.write(of: recording, at: 6, into: $0.baseAddress!) }
        Self.expectClose(y, [1, 0.96592583, 0, 0.25881905])
    }

    /// Offsets are converted to UTC when the column is read, so the hour of day is the UTC
    /// hour and a daylight-saving change in local time shifts nothing (no DST in UTC).
    @Test func hourOfDayIsUTC() throws {
        let text = "time,y\n2024-03-31T01:00:00+01:00,1\n2024-03-31T03:00:00+02:00,2\n2024-03-31T02:00:00Z,3\n"
        let series = try readCSV(text, CSVOptions(timeColumn: "time"))
        let time = try #require(series[0].time)
        #expect(time.values.map { CalendarFeature.hour.phase($0) * 24 } == [0, 1, 2])
        #expect(time.step == .fixed(3600))
    }

    /// Monthly month-end dates: the month phase of each, and `auto` picks `month`.
    @Test func monthlyDates() {
        let ends = [Self.seconds(2020, 11, 30), Self.seconds(2020, 12, 31), Self.seconds(2021, 1, 31), Self.seconds(2021, 2, 28)]
        let axis = TimeAxis(kind: .date, values: ends)
        #expect(axis.step == .months(1, monthEnd: true))
        #expect(CalendarFeature.automatic(for: axis.step!) == [.month])
        let pairs = ends.map { CalendarFeature.month.pair($0) }
        Self.expectClose(pairs.flatMap { [$0.sin, $0.cos] }, [-0.86602540, 0.5, -0.5, 0.86602540, 0, 1, 0.5, 0.86602540])
    }

    /// `auto` follows the step: below a day hour + weekday, a day to a week weekday +
    /// yearday, a week to 28 days yearday, calendar months (or longer fixed steps) month.
    @Test func automaticFeaturesFollowTheStep() {
        #expect(CalendarFeature.automatic(for: .fixed(1800)) == [.hour, .weekday])
        #expect(CalendarFeature.automatic(for: .fixed(86_400)) == [.weekday, .yearday])
        #expect(CalendarFeature.automatic(for: .fixed(6 * 86_400)) == [.weekday, .yearday])
        #expect(CalendarFeature.automatic(for: .fixed(7 * 86_400)) == [.yearday])
        #expect(CalendarFeature.automatic(for: .fixed(14 * 86_400)) == [.yearday])
        #expect(CalendarFeature.automatic(for: .fixed(28 * 86_400)) == [.month])
        #expect(CalendarFeature.automatic(for: .months(3, monthEnd: false)) == [.month])
    }
}
