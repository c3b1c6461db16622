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

/// Expects every gradient-check report to be within `tolerance`.
public func expectGradientsMatch(
    _ reports: [GradientCheckReport], tolerance: Double = 1e-2, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!reports.isEmpty, "no gradient was checked", sourceLocation: sourceLocation)
    for r in reports {
        #expect(r.index >= 0, "\(r.name): nothing probed", sourceLocation: sourceLocation)
        #expect(r.relativeError <= tolerance, "\(r)", sourceLocation: sourceLocation)
    }
}
