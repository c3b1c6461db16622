import Foundation
import Testing
import TSTensor

/// The largest `|a − e| / max(|e|, floor)` over two equal-length arrays, with its index.
public func maxRelativeDifference(_ actual: [Float], _ expected: [Float], floor: Float = 1e-3) -> (value: Float, index: Int) {
    precondition(actual.count == expected.count, "maxRelativeDifference: \(actual.count) vs \(expected.count) elements")
    var worst: (Float, Int) = (0, -1)
    for i in 0..<actual.count {
        let d = abs(actual[i] - expected[i]) / max(abs(expected[i]), floor)
        if d > worst.0 || worst.1 < 0 { worst = (d, i) }
    }
    return worst
}

/// `‖a − e‖₂ / ‖e‖₂` in Double (0 when both are zero).
public func normRelativeDifference(_ actual: [Float], _ expected: [Float]) -> Double {
    precondition(actual.count == expected.count, "normRelativeDifference: \(actual.count) vs \(expected.count) elements")
    var difference = 0.0, norm = 0.0
    for (a, e) in zip(actual, expected) {
        difference += (Double(a) - Double(e)) * (Double(a) - Double(e))
        norm += Double(e) * Double(e)
    }
    return norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()
}

/// Expects `actual ≈ expected` element-wise within `tolerance` relative error (floor
/// `floor` for near-zero entries) and, when given, within `normTolerance` in the norm-wise
/// relative error `‖a − e‖₂ / ‖e‖₂`; on failure the message names the tensor, the index
/// and both values.
public func expectClose(
    _ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-5, floor: Float = 1e-3, normTolerance: Double? = nil, _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == expected.shape, "\(name): shape \(actual.shape) vs expected \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let (d, i) = maxRelativeDifference(actual.scalars, expected.scalars, floor: floor)
    #expect(
        d <= tolerance,
        "\(name): max relative difference \(d) at \(i) (actual \(actual.scalars[max(i, 0)]), expected \(expected.scalars[max(i, 0)]))",
        sourceLocation: sourceLocation)
    if let normTolerance {
        let n = normRelativeDifference(actual.scalars, expected.scalars)
        #expect(n <= normTolerance, "\(name): norm-wise relative difference \(n)", sourceLocation: sourceLocation)
    }
}

/// Expects every gradient-check report to pass its error bound (`error ≤ bound`) with a
/// resolution of at least `resolution`: the check must be able to see a gradient error of
/// that fraction of the probe's scale (see `gradientCheck`).
public func expectGradientsMatch(
    _ reports: [GradientCheckReport], resolution: Double = 1e-2, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!reports.isEmpty, "no gradient was checked", sourceLocation: sourceLocation)
    for r in reports {
        #expect(r.index >= 0, "\(r.name): nothing probed", sourceLocation: sourceLocation)
        #expect(r.error <= r.bound, "\(r)", sourceLocation: sourceLocation)
        #expect(r.resolution <= resolution, "\(r.name): the check cannot resolve a \(resolution) relative error: \(r)", sourceLocation: sourceLocation)
    }
}

/// The unit round-off of Float32, `u = 2⁻²⁴`: one rounding changes a value by at most `u`
/// relative.
public let float32RoundOff = 0x1p-24

/// How a Float32 result differs from its float64 reference, measured on the scales the
/// error analysis uses: the worst element-wise error `|a − e|` over `|e| + ‖e‖_∞`, and
/// the norm-wise `‖a − e‖₂ / ‖e‖₂`, both in units of `u`.
public struct ReferenceGap: CustomStringConvertible {
    public let elementwise: Double
    public let index: Int
    public let normwise: Double
    public var description: String {
        "element-wise \(elementwise) u at \(index), norm-wise \(normwise) u"
    }

    public init(_ actual: [Float], _ reference: [Float]) {
        precondition(actual.count == reference.count, "ReferenceGap: \(actual.count) vs \(reference.count) elements")
        let scale = reference.reduce(0.0) { max($0, abs(Double($1))) }
        var worst = (0.0, -1), difference = 0.0, norm = 0.0
        for (i, (a, e)) in zip(actual, reference).enumerated() {
            let d = abs(Double(a) - Double(e))
            let relative = d / max(abs(Double(e)) + scale, .leastNormalMagnitude)
            if relative > worst.0 || worst.1 < 0 { worst = (relative, i) }
            difference += d * d
            norm += Double(e) * Double(e)
        }
        elementwise = worst.0 / float32RoundOff
        index = worst.1
        normwise = (norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()) / float32RoundOff
    }
}

/// Expects a Float32 computation to match its float64 reference (computed by the fixture
/// script from the same Float32 inputs) within the bound Float32 arithmetic gives, whatever
/// the CPU, kernel path or BLAS (summation order):
///
/// `|a − e| ≤ λ·√n·u·(|e| + ‖e‖_∞)` element-wise and `‖a − e‖₂ ≤ λ·√n·u·‖e‖₂` norm-wise,
/// with `n = depth` the longest chain of roundings behind an element (a dot product of `k`
/// terms contributes `k`; an element-wise operation or a polynomial transcendental a few)
/// and `λ = 8`.
///
/// - Why `√n`: the deterministic bound of a chain of `n` roundings is `γₙ ≈ n·u` relative to
///   the magnitudes of the terms (Higham, *Accuracy and Stability of Numerical Algorithms*,
///   §3.1), but it is reached only if every rounding errs the same way. Modelling the
///   roundings as independent and mean-zero, the error stays below `λ·√n·u` (times the term
///   scale) with probability at least `1 − 2n·exp(−λ²/2)` (Higham & Mary, *A new approach to
///   probabilistic rounding error analysis*, SISC 2019, Theorem 2.8); with `λ = 8` that is a
///   failure chance below `1e-10` per element for the depths used here, whatever the
///   summation order a kernel or BLAS picks.
/// - Why `|e| + ‖e‖_∞`: entries that arise by cancellation are much smaller than the terms
///   that produced them; the tensor's largest entry stands in for the term scale, so such
///   entries are held to an absolute floor instead of a relative bound Float32 cannot meet.
/// - The norm-wise bound catches a systematic error (a wrong coefficient, a dropped term)
///   that stays inside each element's floor.
///
/// Measured on the recurrent fixtures, the gaps are at most about `6u` element-wise and
/// `5u` norm-wise on every path, where the bound is `150–370u`; a real bug (a wrong gate, a
/// missing term) errs by order one, `10⁶u` and more. `TSFORECAST_REPORT_GAPS=1` prints
/// every measured gap.
public func expectMatchesReference(
    _ actual: Tensor, _ reference: Tensor, depth: Int, _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == reference.shape, "\(name): shape \(actual.shape) vs reference \(reference.shape)", sourceLocation: sourceLocation)
    guard actual.shape == reference.shape else { return }
    let gap = ReferenceGap(actual.scalars, reference.scalars)
    let bound = 8 * Double(depth).squareRoot()
    #expect(
        gap.elementwise <= bound && gap.normwise <= bound,
        "\(name): \(gap); bound \(bound) u (actual[\(gap.index)] \(actual.scalars[max(gap.index, 0)]), reference \(reference.scalars[max(gap.index, 0)]))",
        sourceLocation: sourceLocation)
    if ProcessInfo.processInfo.environment["TSFORECAST_REPORT_GAPS"] != nil {
        print("gap \(name): \(gap) of bound \(bound) u")
    }
}
