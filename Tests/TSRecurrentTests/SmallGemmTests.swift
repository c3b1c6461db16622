import CGateKernels
import Foundation
import Testing
import TSTensor

/// `cgk_small_gemm` (the recurrent step products) against a Double triple loop, over
/// shapes that leave row and column tails, with padded leading dimensions; and the
/// properties the tiles are built for: a row's result does not depend on the other rows,
/// and the AVX2 and AVX-512 paths give the same bits.
@Suite struct SmallGemmTests {
    /// Operands with padded leading dimensions (`lda = k + 1`, `ldb = n + 2`).
    static func operands(m: Int, n: Int, k: Int) -> (a: [Float], b: [Float]) {
        ((0..<(m * (k + 1))).map { Float(sin(Double($0) * 0.37)) }, (0..<(k * (n + 2))).map { Float(cos(Double($0) * 0.11)) })
    }

    /// Runs the kernel on `path` (the one in force when nil) over rows `rows` of `A`, on `C`
    /// prefilled with `fill` inside a `[rows, ldc]` buffer whose padding columns hold 7;
    /// returns whether it ran and the buffer.
    static func run(
        path: Int32? = nil, rows: Range<Int>, n: Int, k: Int, beta: Float, fill: Float, a: [Float], b: [Float]
    ) -> (ran: Bool, c: [Float], ldc: Int) {
        let (m, ldc) = (rows.count, n + 3)
        var c = [Float](repeating: 7, count: m * ldc)
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = fill } }
        let ran = a.withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                let rowsA = pa.baseAddress! + rows.lowerBound * (k + 1)
                return path.map { cgk_small_gemm_on($0, m, n, k, rowsA, k + 1, b, n + 2, beta, pc.baseAddress!, ldc) }
                    ?? cgk_small_gemm(m, n, k, rowsA, k + 1, b, n + 2, beta, pc.baseAddress!, ldc)
            }
        }
        return (ran == 1, c, ldc)
    }

    static let shapes = [(1, 64, 64), (8, 64, 64), (9, 256, 64), (33, 70, 100), (17, 130, 256), (64, 96, 65)]

    /// Each `C[i, j]` is a chain of `k + 1` FMAs, so `|ĉ − c| ≤ γ_{k+1}·(Σ_p |a||b| + |β·C|)`
    /// with `γₙ = n·u/(1 − n·u)` (Higham, §3.1): the deterministic bound, since the test
    /// runs one fixed summation order per path.
    @Test(arguments: shapes)
    func matchesDoubleReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let (a, b) = Self.operands(m: m, n: n, k: k)
        let u = 0x1p-24, gamma = Double(k + 1) * u / (1 - Double(k + 1) * u)
        for (beta, fill) in [(Float(0), Float.nan), (1, 0.5), (0.25, -2)] {
            let (ran, c, ldc) = Self.run(rows: 0..<m, n: n, k: k, beta: beta, fill: fill, a: a, b: b)
            #expect(ran == (KernelPath.current >= .avx2), "ran \(ran) on path \(KernelPath.current)")
            guard ran else {
                // Baseline path: C must be untouched for the BLAS fallback.
                #expect(c.enumerated().allSatisfy { $0.offset % ldc >= n ? $0.element == 7 : $0.element.bitPattern == fill.bitPattern })
                continue
            }
            for i in 0..<m {
                for j in 0..<n {
                    var sum = beta == 0 ? 0 : Double(beta) * Double(fill)
                    var magnitude = abs(sum)
                    for p in 0..<k {
                        let term = Double(a[i * (k + 1) + p]) * Double(b[p * (n + 2) + j])
                        sum += term
                        magnitude += abs(term)
                    }
                    let error = abs(Double(c[i * ldc + j]) - sum)
                    #expect(error <= gamma * magnitude, "\(m)×\(n)×\(k), β = \(beta), C[\(i), \(j)]: error \(error) > \(gamma * magnitude)")
                }
                for j in n..<ldc { #expect(c[i * ldc + j] == 7, "padding of row \(i) written") }
            }
        }
    }

    /// A row's result does not depend on how many rows the call has (the tiles' tails run the
    /// same FMA chains), and the AVX2 and AVX-512 paths agree bit for bit: the step products
    /// make chunked recurrent passes row-invariant on both paths.
    @Test(arguments: shapes)
    func rowsAndPathsGiveTheSameBits(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let (a, b) = Self.operands(m: m, n: n, k: k)
        let paths = [CGK_PATH_AVX2, CGK_PATH_AVX512].map(Int32.init).filter { $0 <= KernelPath.supported.rawValue }
        var results: [[Float]] = []
        for path in paths {
            let whole = Self.run(path: path, rows: 0..<m, n: n, k: k, beta: 0.25, fill: -2, a: a, b: b)
            #expect(whole.ran)
            let split = m / 2 + 1
            let tail = Self.run(path: path, rows: (m - split)..<m, n: n, k: k, beta: 0.25, fill: -2, a: a, b: b)
            #expect(Array(whole.c[((m - split) * whole.ldc)...]) == tail.c, "path \(path): rows \(m - split)..<\(m) differ alone")
            results.append(whole.c)
        }
        if results.count == 2 { #expect(results[0] == results[1], "AVX2 and AVX-512 tiles differ") }
    }

    /// Below 64 in `k` or `n` the kernel declines (BLAS's small-matrix kernels are as
    /// fast there) and leaves `C` alone; so does a path the CPU lacks.
    @Test func smallOperandsAndMissingPathsAreLeftToBLAS() {
        for (n, k) in [(32, 64), (64, 32), (128, 32)] {
            let (ran, c, _) = Self.run(rows: 0..<8, n: n, k: k, beta: 0, fill: 3, a: .init(repeating: 1, count: 8 * (k + 1)), b: .init(repeating: 1, count: k * (n + 2)))
            #expect(!ran)
            #expect(c.allSatisfy { $0 == 3 || $0 == 7 })
        }
        let (a, b) = Self.operands(m: 8, n: 64, k: 64)
        #expect(!Self.run(path: Int32(CGK_PATH_BASELINE), rows: 0..<8, n: 64, k: 64, beta: 0, fill: 3, a: a, b: b).ran)
        if KernelPath.supported < .avx512 {
            #expect(!Self.run(path: Int32(CGK_PATH_AVX512), rows: 0..<8, n: 64, k: 64, beta: 0, fill: 3, a: a, b: b).ran)
        }
    }
}
