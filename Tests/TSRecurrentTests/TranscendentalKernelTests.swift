import Foundation
import Testing
import TSTensor

/// Accuracy of the transcendental kernels (`CGateKernels`, through `Kernels.exp`,
/// `sigmoid`, `tanh`) the recurrent cells and activations use, against Double libm.
@Suite struct TranscendentalKernelTests {
    /// 20001 points on [−30, 30] plus tiny and boundary values (odd count: exercises the tail).
    static let points: [Float] = (0...20_000).map { -30 + 60 * Float($0) / 20_000 }
        + [0, -0, 1e-30, -1e-30, 1e-7, -1e-7, 1e-4, -1e-4, 0.6249, 0.625, -0.625, 0.6251, 86.9, -86.9, 87.9, -87.9]

    /// Applies `kernel` to `xs`.
    static func apply(_ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void, _ xs: [Float]) -> [Float] {
        var y = [Float](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { kernel(px.baseAddress!, $0.baseAddress!, xs.count) }
        }
        return y
    }

    /// Largest relative error of `kernel` against `reference` over `points` in `range`.
    static func worst(
        _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
        _ reference: (Double) -> Double, range: ClosedRange<Float>
    ) -> Double {
        let xs = points.filter { range.contains($0) }
        let y = apply(kernel, xs)
        return zip(xs, y).map { x, y in
            let expected = reference(Double(x))
            return abs(Double(y) - expected) / max(abs(expected), 1e-300)
        }.max() ?? .infinity
    }

    @Test func expIsAccurateToAFewUlp() {
        #expect(Self.worst(Kernels.exp, Foundation.exp, range: -87...88) < 3e-7)
    }

    @Test func sigmoidIsAccurateToAFewUlp() {
        #expect(Self.worst(Kernels.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, range: -30...30) < 3e-7)
    }

    @Test func tanhIsAccurateToAFewUlpIncludingNearZero() {
        #expect(Self.worst(Kernels.tanh, Foundation.tanh, range: -30...30) < 3e-7)
        let edges = Self.apply(Kernels.tanh, [-100, 100, -10, 10, .infinity, -.infinity, 0, 20])
        #expect(edges == [-1, 1, -1, 1, 1, -1, 0, 1])
    }

    @Test func kernelsHandleTails() {
        for n in [1, 7, 8, 13, 15, 16, 17, 31] {
            let x: [Float] = (0..<n).map { Float($0) * 0.37 - 2 }
            let y = Self.apply(Kernels.tanh, x)
            for i in 0..<n { #expect(abs(Double(y[i]) - Foundation.tanh(Double(x[i]))) < 2e-7) }
        }
    }
}
