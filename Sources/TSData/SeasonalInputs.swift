/// Extra model inputs derived from the target and the time axis: seasonal lags of the
/// target and calendar features of the row's own time.
///
/// For a row `k` and `S = steps` values per derived series, the block is
///
///     [y(k−s₁), …, y(k−s₁−S+1),  y(k−s₂), …,                    (one run per lag s)
///      sin 2πφ_c(t(k)), …, sin 2πφ_c(t(k−S+1)),
///      cos 2πφ_c(t(k)), …, cos 2πφ_c(t(k−S+1)),  …]             (per calendar feature c)
///
/// most recent first, `F = S·(lags + 2·calendar)` values. `t(k)` is row `k`'s time
/// (`Recording.time`), known for future rows too, so calendar values need no delay.
/// Feed-forward regressors and recurrent step features use `S = 1` (`y(k−s)`, and the
/// pair at `t(k)`); a `cnn` uses `S = L` so each derived series is one more channel of
/// its `L`-step window.
public struct SeasonalInputs: Sendable, Codable, Equatable {
    /// Lag offsets `s ≥ 1` of the target, in feature order (e.g. `[24, 48, 168]`).
    public var lags: [Int]
    /// Calendar features, in feature order; each gives a sin and a cos series.
    public var calendar: [CalendarFeature]
    /// Values `S` of each derived series (1, or the cnn's window length).
    public var steps: Int

    /// The block of `lags` and `calendar`, `steps` values of each.
    public init(lags: [Int] = [], calendar: [CalendarFeature] = [], steps: Int = 1) {
        precondition(lags.allSatisfy { $0 >= 1 } && steps >= 1, "SeasonalInputs: lags \(lags) must be ≥ 1, steps \(steps) ≥ 1")
        self.lags = lags
        self.calendar = calendar
        self.steps = steps
    }

    /// The series of the block: `lags.count + 2·calendar.count`.
    public var seriesCount: Int { lags.count + 2 * calendar.count }

    /// `F = S·(lags + 2·calendar)`.
    public var featureCount: Int { steps * seriesCount }

    /// Rows read before `k`: `max s + S − 1` (0 without lags; calendar values are read
    /// at `k … k−S+1`, which a window of `S` steps has anyway).
    public var history: Int { lags.max().map { $0 + steps - 1 } ?? 0 }

    /// Where the block reads the target: `(position, lag)` pairs, `x[position] = y(k − lag)`,
    /// positions relative to the block's start.
    public var targetReads: [(position: Int, lag: Int)] {
        lags.enumerated().flatMap { i, s in (0..<steps).map { t in (i * steps + t, s + t) } }
    }

    /// Writes the block of row `k` of `recording` (`featureCount` values) to `x`. Rows
    /// `k − history … k − 1` must exist, and `recording.time` must cover row `k` when
    /// there are calendar features.
    public func write(of recording: Recording, at k: Int, into x: UnsafeMutablePointer<Float>) {
        var c = 0
        recording.target.withUnsafeBufferPointer { y in
            for s in lags {
                for t in 0..<steps { x[c] = y[k - s - t]; c += 1 }
            }
        }
        guard !calendar.isEmpty else { return }
        guard let time = recording.time else { preconditionFailure("SeasonalInputs: calendar features of '\(recording.file)' need its time axis") }
        for feature in calendar {
            for t in 0..<steps {
                let (s, co) = feature.pair(time.values[k - t])
                x[c + t] = s
                x[c + steps + t] = co
            }
            c += 2 * steps
        }
    }
}
