/// The target in original units as an evaluation reads it.
///
/// Scoring one-step predictions of rows `k` reads `y(k)` (the actual), `y(k − 1)`
/// (persistence), `y(k − m)` (seasonal naive) and the `lostRows` values before `k` (the
/// inverse transform); of the training rows it reads only two statistics: their mean (the
/// mean baseline) and the MASE scale `s = mean_{t≥m} |y(t) − y(t−m)|`. A reference holds
/// `y` of the rows from `start` on and those statistics, so a training run whose series
/// was put in model space in place keeps only the evaluated tail of the raw series.
public struct ReferenceTarget: Sendable {
    /// First row held.
    public let start: Int
    /// `y(start + i)`.
    public let values: [Float]
    /// The training rows the statistics were taken over.
    public let training: Range<Int>
    /// `mean(y(j), j ∈ training)`, missing values skipped (NaN with none).
    public let trainingMean: Double
    /// The MASE scale of the training rows at period `seasonalPeriod` (`Metrics.seasonalScale`).
    public let trainingScale: Double
    /// The period `m ≥ 1` of `trainingScale`.
    public let seasonalPeriod: Int

    /// The reference of `series` holding rows `start...` (all of them by default: an
    /// array shared, not copied), with statistics of `series[training]` at period `m`.
    public init(_ series: [Float], from start: Int = 0, training: Range<Int>, seasonalPeriod m: Int) {
        precondition(
            start >= 0 && start <= series.count && training.lowerBound >= 0 && training.upperBound <= series.count && m >= 1,
            "ReferenceTarget: rows from \(start), training \(training), period \(m) of a \(series.count)-row series")
        self.start = start
        values = start == 0 ? series : Array(series[start...])
        self.training = training
        var sum = 0.0, count = 0
        for value in series[training] where !value.isNaN {
            sum += Double(value)
            count += 1
        }
        trainingMean = sum / Double(count)
        trainingScale = Metrics.seasonalScale(series[training], period: m)
        seasonalPeriod = m
    }

    /// One past the last row.
    public var end: Int { start + values.count }

    /// `y(row)`, for `start ≤ row < end`.
    public subscript(row: Int) -> Float {
        precondition(row >= start && row < end, "ReferenceTarget: row \(row) outside the rows held \(start)..<\(end)")
        return values[row - start]
    }

    /// The `count` values before `row` (fewer when the series starts later).
    public func history(before row: Int, count: Int) -> ArraySlice<Float> {
        precondition(row - count >= start || start == 0, "ReferenceTarget: rows before \(row) start before the rows held (\(start))")
        return values[max(0, row - count - start)..<(row - start)]
    }
}
