import Foundation
import Testing
import TSTensor

/// Accuracy of the SIMD8 transcendental kernels the recurrent cells use, against Double libm.
@Suite struct FastMathTests {
    /// 20001 points on [−30, 30] plus tiny and boundary values, in groups of eight.
    static let points: [Float] = (0...20_000).map { -30 + 60 * Float($0) / 20_000 }
        + [0, -0, 1e-30, -1e-30, 1e-7, -1e-7, 1e-4, -1e-4, 0.6249, 0.625, -0.625, 0.6251, 86.9, -86.9, 87.9, -87.9]

    static func worst(_ f: (SIMD8<Float>) -> SIMD8<Float>, _ reference: (Double) -> Double, range: ClosedRange<Float>) -> Double {
        let xs = points.filter { range.contains($0) }
        var worst = 0.0
        var i = 0
        while i < xs.count {
            let n = min(8, xs.count - i)
            let y = xs.withUnsafeBufferPointer { f(FastMath.load($0.baseAddress! + i, n)) }
            for k in 0..<n {
                let expected = reference(Double(xs[i + k]))
                let error = abs(Double(y[k]) - expected) / max(abs(expected), 1e-300)
                worst = max(worst, error)
            }
            i += 8
        }
        return worst
    }

    @Test func expIsAccurateToAFewUlp() {
        #expect(Self.worst(FastMath.exp, Foundation.exp, range: -87...88) < 3e-7)
    }

    @Test func sigmoidIsAccurateToAFewUlp() {
        #expect(Self.worst(FastMath.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, range: -30...30) < 3e-7)
    }

    @Test func tanhIsAccurateToAFewUlpIncludingNearZero() {
        #expect(Self.worst(FastMath.tanh, Foundation.tanh, range: -30...30) < 3e-7)
        let edges = FastMath.tanh(SIMD8(-100, 100, -10, 10, .infinity, -.infinity, 0, 20))
        #expect(edges == SIMD8(-1, 1, -1, 1, 1, -1, 0, 1))
    }

    @Test func pointerKernelsHandleTails() {
        let x: [Float] = (0..<13).map { Float($0) * 0.37 - 2 }
        var y = [Float](repeating: .nan, count: 13)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { Kernels.tanh(px.baseAddress!, $0.baseAddress!, 13) }
        }
        for i in 0..<13 { #expect(abs(Double(y[i]) - Foundation.tanh(Double(x[i]))) < 2e-7) }
    }
}
