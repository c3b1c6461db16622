import TSSupport

/// Variance- and trend-removing transforms of the target, applied in this order:
/// `z = log y` (optional), seasonal difference `z(t) − z(t−m)` (if `seasonalPeriod m > 0`),
/// then `differences` regular differences `∇z(t) = z(t) − z(t−1)`.
///
/// The first `lostRows = m + d` rows of a segment have no transformed value. The inverse
/// needs the last `lostRows` original values before the forecast origin: given that
/// history (original units) and forecasts in transformed units for the following steps,
/// it integrates step by step (`z(t) = ∇z(t) + z(t−1)`, `z(t) = w(t) + z(t−m)`, `y = eᶻ`),
/// so recursive multi-step forecasts come back in original units. Arithmetic is `Double`.
public struct TargetTransform: Sendable, Codable, Equatable {
    /// Take `log y` first (every value must be > 0).
    public var log: Bool
    /// Order `d` of regular differencing.
    public var differences: Int
    /// Period `m` of one seasonal difference, 0 for none.
    public var seasonalPeriod: Int

    /// A transform; `differences` and `seasonalPeriod` must be ≥ 0.
    public init(log: Bool = false, differences: Int = 0, seasonalPeriod: Int = 0) {
        precondition(differences >= 0 && seasonalPeriod >= 0, "TargetTransform: negative d \(differences) or m \(seasonalPeriod)")
        self.log = log
        self.differences = differences
        self.seasonalPeriod = seasonalPeriod
    }

    /// No transform.
    public static let identity = TargetTransform()

    /// Rows at the start of a segment without a transformed value: `m + d`.
    public var lostRows: Int { differences + seasonalPeriod }

    /// The lag of each differencing stage, in application order.
    private var lags: [Int] { (seasonalPeriod > 0 ? [seasonalPeriod] : []) + Array(repeating: 1, count: differences) }

    /// Index of the first value outside the transform's domain (`≤ 0` or NaN under `log`).
    public func firstInvalid(_ y: some Collection<Float>) -> Int? {
        guard log else { return nil }
        return y.enumerated().first { !($0.element > 0) }?.offset
    }

    /// The transformed series, same length as `y`, NaN in the first `lostRows` entries.
    /// `y` must be in the domain (see `firstInvalid`).
    public func forward(_ y: some Collection<Float>) -> [Double] { Array(values(y)) }

    /// `forward(y)` as a lazy sequence, computed value by value in O(m + d) memory.
    public func values<C: Collection<Float>>(_ y: C) -> UnfoldSequence<Double, (Stream, C.Iterator)> {
        sequence(state: (Stream(self), y.makeIterator())) { state in state.1.next().map { state.0.next($0) } }
    }

    /// The transform fed one value at a time: `next(y(t))` is the transformed value of
    /// row `t` of a segment, NaN for the first `lostRows`. Each differencing stage keeps its
    /// last `lag` inputs in a ring, so a caller may overwrite `y(t)` with the result (the
    /// stream never reads a row twice).
    public struct Stream {
        private let log: Bool
        private let lags: [Int]
        /// `rings[i][t mod lags[i]]`: stage `i`'s input at the last row `t` with that residue.
        private var rings: [[Double]]
        /// Rows fed so far.
        private var row = 0

        /// A stream at the start of a segment.
        public init(_ transform: TargetTransform) {
            log = transform.log
            lags = transform.lags
            rings = transform.lags.map { [Double](repeating: 0, count: $0) }
        }

        /// The transformed value of the next row, whose original value is `y`.
        public mutating func next(_ y: Float) -> Double {
            var z = log ? naturalLogarithm(Double(y)) : Double(y)
            var valid = 0
            for i in lags.indices {
                let slot = row % lags[i]
                let earlier = rings[i][slot]
                rings[i][slot] = z
                valid += lags[i]
                z = row >= valid ? z - earlier : .nan
            }
            row += 1
            return z
        }
    }

    /// Forecasts in original units from forecasts `transformed[i]` for the steps after
    /// `history` (original units, at least `lostRows` values, the last one at the origin).
    public func inverse(_ transformed: [Double], history: some Collection<Float>) -> [Double] {
        precondition(history.count >= lostRows, "TargetTransform.inverse: needs \(lostRows) history values, got \(history.count)")
        let stages = stages(of: history.suffix(lostRows))
        var current = transformed
        for (i, lag) in lags.enumerated().reversed() {
            var extended = Array(stages[i].dropFirst(lags[..<i].reduce(0, +)))
            for v in current { extended.append(v + extended[extended.count - lag]) }
            current = Array(extended.suffix(current.count))
        }
        return log ? current.map { exp($0) } : current
    }

    /// Stage 0 is `log y` (or `y`); stage `i+1` differences stage `i` at `lags[i]`.
    /// The first `Σ lags[..<i]` entries of stage `i` have no value (they hold 0) and are
    /// never read.
    private func stages(of y: some Collection<Float>) -> [[Double]] {
        var stage = y.map { log ? naturalLogarithm(Double($0)) : Double($0) }
        var result = [stage]
        var valid = 0
        for lag in lags {
            var next = [Double](repeating: 0, count: stage.count)
            valid += lag
            if valid <= stage.count {
                for t in valid..<stage.count { next[t] = stage[t] - stage[t - lag] }
            }
            stage = next
            result.append(stage)
        }
        return result
    }
}

/// libc's `log`, for `TargetTransform`, inside which the name `log` means the flag.
private func naturalLogarithm(_ x: Double) -> Double { log(x) }
