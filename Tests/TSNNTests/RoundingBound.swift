import Testing
import TestSupport
import TSTensor

/// `|t|` element-wise.
func absolute(_ t: Tensor) -> Tensor {
    Tensor(shape: t.shape, scalars: t.scalars.map(abs))
}

/// Expects a Float32 result `actual` to match the exact (float64) reference `expected`
/// within the rounding error of its arithmetic. Each element is a sum of at most `terms`
/// products `aⱼ·bⱼ` (a convolution output: `terms = C_in·k + 1` with the bias), and
/// `magnitude` holds `Mᵢ = Σⱼ |aⱼ·bⱼ|` — the same operator run on absolute values.
///
/// - Element-wise, the worst case of any summation order (Higham, *Accuracy and Stability of
///   Numerical Algorithms*, §3.1): `|aᵢ − eᵢ| ≤ γₙ·Mᵢ + u·|eᵢ|`, `γₙ = n·u/(1 − n·u)`; the
///   second term is the reference's own rounding to Float32 when the fixture is read. An
///   absolute floor `u·max|e|` (the size of one rounding of the tensor's largest entry)
///   covers magnitudes computed as zero in Float32.
/// - Norm-wise, the probabilistic rule that sums of `n` independent roundings grow like
///   `√n·u` (Higham & Mary, SIAM J. Sci. Comput. 41(5), 2019), with `λ = 4`:
///   `‖a − e‖₂ ≤ λ·√n·u·‖M‖₂ + u·‖e‖₂` (or `γₙ` when that is smaller); over a whole tensor it
///   fails with negligible probability unless an element is wrong.
///
/// A wrong index, a missing tap or a wrong scale gives errors of the order of `M` itself,
/// `1/(n·u)` (≥ 10⁴ for every case here) times larger than the bound.
func expectWithinRounding(
    _ actual: Tensor, _ expected: Tensor, magnitude: Tensor, terms: Int, _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == expected.shape, "\(name): shape \(actual.shape) vs expected \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape, magnitude.count == expected.count else { return }
    let u = float32RoundOff, n = Double(terms)
    let gamma = n * u / (1 - n * u)
    let floor = u * Double(expected.scalars.lazy.map(abs).max() ?? 0)
    var worst = (excess: -Double.infinity, index: 0)
    var errorSquares = 0.0, magnitudeSquares = 0.0, expectedSquares = 0.0
    for i in 0..<expected.count {
        let a = Double(actual.scalars[i]), e = Double(expected.scalars[i]), m = Double(magnitude.scalars[i])
        let error = abs(a - e)
        let excess = error / (gamma * m + u * abs(e) + floor)
        if excess > worst.excess { worst = (excess, i) }
        errorSquares += error * error
        magnitudeSquares += m * m
        expectedSquares += e * e
    }
    let i = worst.index
    #expect(
        worst.excess <= 1,
        "\(name)[\(i)]: actual \(actual.scalars[i]), expected \(expected.scalars[i]), |error| is \(worst.excess) × the bound γ\(terms)·M + u|e| + floor (M = \(magnitude.scalars[i]))",
        sourceLocation: sourceLocation)
    let normBound = min(4 * n.squareRoot() * u, gamma) * magnitudeSquares.squareRoot() + u * expectedSquares.squareRoot()
    #expect(
        errorSquares.squareRoot() <= normBound,
        "\(name): ‖error‖₂ = \(errorSquares.squareRoot()) exceeds the norm-wise bound \(normBound)", sourceLocation: sourceLocation)
}
