import TSTensor

/// Overlapping windows of a series and the row scores built from them.
public enum SlidingWindows {
    /// Every window of `length` consecutive values, standardised as `(v − offset) / scale`,
    /// one per row, stride 1: `[values.count − length + 1, length]` (empty when too short).
    public static func windows(_ values: [Double], length: Int, offset: Double = 0, scale: Double = 1) -> Tensor {
        precondition(length > 0 && scale > 0, "SlidingWindows.windows: length and scale must be positive")
        let count = max(values.count - length + 1, 0)
        var scalars: [Float] = []
        scalars.reserveCapacity(count * length)
        for start in 0..<count {
            for v in values[start..<(start + length)] { scalars.append(Float((v - offset) / scale)) }
        }
        return Tensor(shape: [count, length], scalars: scalars)
    }

    /// Per-element scores of the windows `[N, W]` (window `i` covers rows `i..<i+W`)
    /// mapped to the `N + W − 1` rows: each row's score is the *smallest* of its scores over
    /// the windows covering it. A row is thus anomalous only if no window reconstructs it
    /// well: a spike keeps a high score on its own row, while its neighbours score low in
    /// the windows that leave the spike out (a mean over windows would smear it over `2W`
    /// rows).
    public static func rowScores(elementScores: Tensor) -> [Double] {
        precondition(elementScores.rank == 2, "SlidingWindows.rowScores: expected [N, W], got \(elementScores.shape)")
        let (n, w) = (elementScores.shape[0], elementScores.shape[1])
        guard n > 0 else { return [] }
        var scores = [Double](repeating: .infinity, count: n + w - 1)
        elementScores.withUnsafeBufferPointer { p in
            for i in 0..<n {
                for j in 0..<w { scores[i + j] = min(scores[i + j], Double(p[i * w + j])) }
            }
        }
        return scores
    }

    /// The `q`-quantile (`0 ≤ q ≤ 1`) of `values`, linear between order statistics
    /// (NumPy's default).
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty && q >= 0 && q <= 1, "SlidingWindows.quantile: need values and q in [0, 1]")
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
    }
}
