import CGateKernels
import Foundation
import Testing

/// `cgk_small_gemm` (the recurrent step products) against a Double triple loop, over
/// shapes that leave row and column tails, with padded leading dimensions.
@Suite struct SmallGemmTests {
    /// Runs the kernel on `C` prefilled with `fill` inside a `[m, ldc]` buffer whose padding
    /// columns hold 7; returns whether it ran and the buffer.
    static func run(m: Int, n: Int, k: Int, beta: Float, fill: Float, a: [Float], b: [Float]) -> (ran: Bool, c: [Float], ldc: Int) {
        let ldc = n + 3
        var c = [Float](repeating: 7, count: m * ldc)
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = fill } }
        let ran = c.withUnsafeMutableBufferPointer { pc in
            cgk_small_gemm(m, n, k, a, k + 1, b, n + 2, beta, pc.baseAddress!, ldc)
        }
        return (ran == 1, c, ldc)
    }

    @Test(arguments: [(1, 64, 64), (8, 64, 64), (9, 256, 64), (33, 70, 100), (17, 130, 256), (64, 96, 65)])
    func matchesDoubleReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        // Operands with padded leading dimensions (lda = k + 1, ldb = n + 2).
        let a = (0..<(m * (k + 1))).map { Float(sin(Double($0) * 0.37)) }
        let b = (0..<(k * (n + 2))).map { Float(cos(Double($0) * 0.11)) }
        for (beta, fill) in [(Float(0), Float.nan), (1, 0.5), (0.25, -2)] {
            let (ran, c, ldc) = Self.run(m: m, n: n, k: k, beta: beta, fill: fill, a: a, b: b)
            guard ran else {
                // No AVX-512F on this CPU: C must be untouched for the BLAS fallback.
                #expect(c.enumerated().allSatisfy { $0.offset % ldc >= n ? $0.element == 7 : $0.element.bitPattern == fill.bitPattern })
                continue
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var sum = beta == 0 ? 0 : Double(beta) * Double(fill)
                    for p in 0..<k { sum += Double(a[i * (k + 1) + p]) * Double(b[p * (n + 2) + j]) }
                    worst = max(worst, abs(Double(c[i * ldc + j]) - sum) / max(1, abs(sum)))
                }
                for j in n..<ldc { #expect(c[i * ldc + j] == 7, "padding of row \(i) written") }
            }
            #expect(worst <= 1e-5, "\(m)×\(n)×\(k), β = \(beta): worst relative error \(worst)")
        }
    }

    /// Below 64 in `k` or `n` the kernel declines (BLAS's small-matrix kernels are as
    /// fast there) and leaves `C` alone.
    @Test func smallOperandsAreLeftToBLAS() {
        for (n, k) in [(32, 64), (64, 32), (128, 32)] {
            let (ran, c, _) = Self.run(m: 8, n: n, k: k, beta: 0, fill: 3, a: .init(repeating: 1, count: 8 * (k + 1)), b: .init(repeating: 1, count: k * (n + 2)))
            #expect(!ran)
            #expect(c.allSatisfy { $0 == 3 || $0 == 7 })
        }
    }
}
