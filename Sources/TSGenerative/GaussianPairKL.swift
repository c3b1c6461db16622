import TSSupport
import TSTensor

/// The Kullback–Leibler divergence between two diagonal Gaussians, both predicted by
/// networks: `KL(q ‖ p)` of a CVAE's posterior `q(z|x,c)` from its conditional prior
/// `p(z|c)`.
///
/// `q` and `p` are `[B, 2Z]`: means, then log-variances (`s = log σ²`). Summed over the
/// latent axis, averaged over the `B` rows:
///
/// `L = (1/B) Σ ½ (s_p − s_q + (e^{s_q} + (μ_q − μ_p)²) e^{−s_p} − 1)`
///
/// `∂L/∂μ_q = (μ_q − μ_p) e^{−s_p} / B = −∂L/∂μ_p`,
/// `∂L/∂s_q = ½ (e^{s_q − s_p} − 1) / B`,
/// `∂L/∂s_p = ½ (1 − (e^{s_q} + (μ_q − μ_p)²) e^{−s_p}) / B`,
///
/// i.e. `kl_divergence(Normal(μ_q, e^{s_q/2}), Normal(μ_p, e^{s_p/2})).sum(-1).mean()`.
/// With `p = N(0, I)` (`μ_p = s_p = 0`) it is `GaussianKLLoss`. In Double.
public struct GaussianPairKL: Sendable {
    /// The divergence of `q` from `p`.
    public init() {}

    /// `L`, `∂L/∂q` and `∂L/∂p` (each in its argument's layout).
    public func evaluate(q: Tensor, p: Tensor) -> (value: Double, dQ: Tensor, dP: Tensor) {
        precondition(q.shape == p.shape, "GaussianPairKL: q \(q.shape) vs p \(p.shape)")
        let width = q.shape.last ?? 0
        precondition(q.rank == 2 && width % 2 == 0 && width > 0, "GaussianPairKL: expected [B, 2Z], got \(q.shape)")
        let latent = width / 2
        let rows = q.count / width
        let scale = rows == 0 ? 0 : 1 / Double(rows)
        var (dQ, dP) = (Tensor(shape: q.shape), Tensor(shape: p.shape))
        var total = 0.0
        let (qs, ps) = (q.scalars, p.scalars)
        dQ.withUnsafeMutableBufferPointer { dq in
            dP.withUnsafeMutableBufferPointer { dp in
                for r in 0..<rows {
                    for j in 0..<latent {
                        let (m, s) = (r * width + j, r * width + latent + j)
                        let (muQ, sQ, muP, sP) = (Double(qs[m]), Double(qs[s]), Double(ps[m]), Double(ps[s]))
                        let difference = muQ - muP
                        let inversePrior = exp(-sP)
                        let ratio = (exp(sQ) + difference * difference) * inversePrior
                        total += 0.5 * (sP - sQ + ratio - 1)
                        dq[m] = Float(difference * inversePrior * scale)
                        dp[m] = -dq[m]
                        dq[s] = Float(0.5 * (exp(sQ - sP) - 1) * scale)
                        dp[s] = Float(0.5 * (1 - ratio) * scale)
                    }
                }
            }
        }
        return (total * scale, dQ, dP)
    }
}
