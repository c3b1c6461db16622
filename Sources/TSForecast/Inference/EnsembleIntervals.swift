import TSSupport

/// The predictive interval of an ensemble of Gaussian models at one step.
enum EnsembleIntervals {
    /// The bounds `[q(α), q(1 − α)]` of the central interval of the equal-weight mixture
    /// of `N(means[i], stds[i]²)`, where `z` is the standard normal's `1 − α` quantile
    /// (`1.959964` for 95%), in model space. One member: `[μ − zσ, μ + zσ]` exactly.
    ///
    /// Several: `α` is recovered as `Φ(−z)` and each bound solves `F(x) = p` for the
    /// mixture CDF `F(x) = (1/N) Σᵢ Φ((x − μᵢ)/σᵢ)`, `Φ(t) = erfc(−t/√2)/2`, by bisection in
    /// `Double` on `[minᵢ qᵢ(p), maxᵢ qᵢ(p)]` (each member's own quantile, which bracket
    /// the mixture's because `F` averages the members' CDFs), 60 halvings: the bracket
    /// shrinks below `Double` resolution, so the result is the `Float` nearest the root
    /// within one rounding.
    static func mixtureBounds(means: [Float], stds: [Float], z: Float) -> [Float] {
        if means.count == 1 { return [means[0] - z * stds[0], means[0] + z * stds[0]] }
        let alpha = 0.5 * erfc(Double(z) / 2.0.squareRoot())
        func cdf(_ x: Double) -> Double {
            zip(means, stds).reduce(0.0) { $0 + 0.5 * erfc(-(x - Double($1.0)) / (Double($1.1) * 2.0.squareRoot())) } / Double(means.count)
        }
        func quantile(_ p: Double, memberZ: Double) -> Float {
            let own = zip(means, stds).map { Double($0) + memberZ * Double($1) }
            var (low, high) = (own.min()!, own.max()!)
            for _ in 0..<60 {
                let mid = (low + high) / 2
                if cdf(mid) < p { low = mid } else { high = mid }
            }
            return Float((low + high) / 2)
        }
        return [quantile(alpha, memberZ: -Double(z)), quantile(1 - alpha, memberZ: Double(z))]
    }
}
