import TSSupport
import TSTensor

/// How close a set of synthetic windows `[M, W]` is to the real ones `[N, W]`, in the
/// data's units:
///
/// - `meanError`, `stdError`: `(1/W) Σ_p |m_real(p) − m_synth(p)|` for the per-position
///   mean `m` and standard deviation;
/// - `acfReal`, `acfSynthetic`, `acfError`: the autocorrelation at lags `1…k`,
///   `ρ_k = Σ_i Σ_t (x_it − x̄)(x_i,t+k − x̄) / Σ_i Σ_t (x_it − x̄)²` pooled over the windows
///   of a set (`x̄` its overall mean), and the mean `|ρ_real − ρ_synth|`;
/// - `wasserstein1`: `∫₀¹ |F⁻¹_real(u) − F⁻¹_synth(u)| du` of the pooled values (the
///   marginal distributions), on 1,000 quantiles.
public struct WindowComparison: Codable, Sendable, Equatable {
    /// Mean over positions of `|m_real(p) − m_synth(p)|`, data units.
    public var meanError: Double
    /// Mean over positions of the standard deviations' absolute difference, data units.
    public var stdError: Double
    /// `ρ_1…ρ_k` of the real windows.
    public var acfReal: [Double]
    /// `ρ_1…ρ_k` of the synthetic windows.
    public var acfSynthetic: [Double]
    /// Mean `|ρ_real − ρ_synth|` over the lags.
    public var acfError: Double
    /// The 1-Wasserstein distance of the pooled values, data units.
    public var wasserstein1: Double

    /// Compares `synthetic` with `real` at lags `1…lags`.
    public init(real: Tensor, synthetic: Tensor, lags: Int) {
        precondition(real.rank == 2 && synthetic.rank == 2 && real.shape[1] == synthetic.shape[1], "WindowComparison: \(real.shape) vs \(synthetic.shape)")
        let (r, s) = (Self.positionMoments(real), Self.positionMoments(synthetic))
        let width = Double(real.shape[1])
        meanError = zip(r.mean, s.mean).reduce(0) { $0 + abs($1.0 - $1.1) } / width
        stdError = zip(r.std, s.std).reduce(0) { $0 + abs($1.0 - $1.1) } / width
        let usable = min(lags, real.shape[1] - 1)
        acfReal = (0..<max(usable, 0)).map { Self.autocorrelation(real, lag: $0 + 1) }
        acfSynthetic = (0..<max(usable, 0)).map { Self.autocorrelation(synthetic, lag: $0 + 1) }
        acfError = acfReal.isEmpty ? 0 : zip(acfReal, acfSynthetic).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(acfReal.count)
        wasserstein1 = Self.wasserstein1(real.scalars.map(Double.init), synthetic.scalars.map(Double.init))
    }

    static func positionMoments(_ x: Tensor) -> (mean: [Double], std: [Double]) {
        let (n, w) = (x.shape[0], x.shape[1])
        var mean = [Double](repeating: 0, count: w), square = [Double](repeating: 0, count: w)
        for i in 0..<n {
            for p in 0..<w {
                let v = Double(x.scalars[i * w + p])
                mean[p] += v / Double(n)
                square[p] += v * v / Double(n)
            }
        }
        return (mean, zip(mean, square).map { (max($1 - $0 * $0, 0)).squareRoot() })
    }

    static func autocorrelation(_ x: Tensor, lag: Int) -> Double {
        let (n, w) = (x.shape[0], x.shape[1])
        let values = x.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        var numerator = 0.0, denominator = 0.0
        for i in 0..<n {
            for t in 0..<w {
                let a = values[i * w + t] - mean
                denominator += a * a
                if t + lag < w { numerator += a * (values[i * w + t + lag] - mean) }
            }
        }
        return denominator > 0 ? numerator / denominator : 0
    }

    static func wasserstein1(_ a: [Double], _ b: [Double]) -> Double {
        let (sa, sb) = (a.sorted(), b.sorted())
        let steps = 1000
        var total = 0.0
        for k in 0..<steps {
            let u = (Double(k) + 0.5) / Double(steps)
            total += abs(sa[min(Int(u * Double(sa.count)), sa.count - 1)] - sb[min(Int(u * Double(sb.count)), sb.count - 1)])
        }
        return total / Double(steps)
    }
}
