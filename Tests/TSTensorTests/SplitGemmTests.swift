import Testing
@testable import TSTensor

/// `BLAS.gemm(…, threads:)` against the unsplit product and against a float64 reference,
/// for every transpose combination and both split directions (rows when `m ≥ n`, columns
/// otherwise).
///
/// Bounds: every element is one dot product of `k` Float32 terms, whose rounding error is
/// at most `γ_k·(|op(A)|·|op(B)|)_ij`, `γ_k = k·u/(1 − k·u)` (Higham, *Accuracy and
/// Stability*, §3.1), whatever order BLAS sums in. So the split product is within `γ_k` of
/// the float64 reference, and within `2γ_k` of the unsplit one (BLAS may order the sum
/// differently at another row or column count). A wrong part offset errs by order one.
@Suite struct SplitGemmTests {
    static let u = 0x1p-24

    struct Case: CustomTestStringConvertible, Sendable {
        var transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int
        var testDescription: String { "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") [\(m), \(n)] k \(k)" }
    }

    static let cases: [Case] = [false, true].flatMap { ta in
        [false, true].flatMap { tb in
            [Case(transposeA: ta, transposeB: tb, m: 203, n: 96, k: 40),  // split by rows
             Case(transposeA: ta, transposeB: tb, m: 24, n: 517, k: 33)]  // split by columns
        }
    }

    /// `C = α·op(A)·op(B) + β·C₀` in Float32 through `BLAS.gemm(…, threads:)`, and the
    /// float64 reference and `|α|·|op(A)|·|op(B)|` per element.
    static func product(_ c: Case, threads: Int) -> (result: [Float], exact: [Double], scale: [Double]) {
        var rng = RandomGenerator(seed: 5)
        let (m, n, k) = (c.m, c.n, c.k)
        let a = rng.normalTensor(shape: c.transposeA ? [k, m] : [m, k]).scalars
        let b = rng.normalTensor(shape: c.transposeB ? [n, k] : [k, n]).scalars
        let c0 = rng.normalTensor(shape: [m, n]).scalars
        let (alpha, beta): (Float, Float) = (0.75, 0.5)
        var result = c0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        transposeA: c.transposeA, transposeB: c.transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa.baseAddress!, lda: c.transposeA ? m : k, b: pb.baseAddress!, ldb: c.transposeB ? k : n,
                        beta: beta, c: pc.baseAddress!, ldc: n, threads: try! ComputeThreads(count: threads))
                }
            }
        }
        func opA(_ i: Int, _ p: Int) -> Double { Double(c.transposeA ? a[p * m + i] : a[i * k + p]) }
        func opB(_ p: Int, _ j: Int) -> Double { Double(c.transposeB ? b[j * k + p] : b[p * n + j]) }
        var exact = [Double](repeating: 0, count: m * n), scale = exact
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k { sum += opA(i, p) * opB(p, j); magnitude += abs(opA(i, p) * opB(p, j)) }
                exact[i * n + j] = Double(alpha) * sum + Double(beta) * Double(c0[i * n + j])
                scale[i * n + j] = Double(alpha) * magnitude + abs(Double(beta) * Double(c0[i * n + j]))
            }
        }
        return (result, exact, scale)
    }

    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two parts"), arguments: cases)
    func splitProductMatchesUnsplitAndReference(_ c: Case) {
        #expect(BLAS.splitParts(m: c.m, n: c.n, k: c.k, threads: try! ComputeThreads(count: 2)) == 2)
        let single = Self.product(c, threads: 1)
        let split = Self.product(c, threads: 2)
        // The C₀ term adds one more rounding: γ_{k+2} covers the β product and the sum.
        let gamma = Double(c.k + 2) * Self.u / (1 - Double(c.k + 2) * Self.u)
        var worstUnsplit = 0.0, worstExact = 0.0
        for i in split.result.indices {
            worstUnsplit = max(worstUnsplit, abs(Double(split.result[i]) - Double(single.result[i])) / (2 * gamma * split.scale[i]))
            worstExact = max(worstExact, abs(Double(split.result[i]) - split.exact[i]) / (gamma * split.scale[i]))
        }
        #expect(worstUnsplit <= 1, "split vs unsplit: \(worstUnsplit) of the 2γ_k bound")
        #expect(worstExact <= 1, "split vs float64: \(worstExact) of the γ_k bound")
    }

    @Test(arguments: cases)
    func sameCountIsBitwiseReproducible(_ c: Case) {
        #expect(Self.product(c, threads: 2).result == Self.product(c, threads: 2).result)
    }

    /// Part boundaries cover the range in order, nonempty, inner ones on multiples of 16.
    @Test func boundariesPartitionTheRange() {
        for size in [64, 65, 100, 517, 1000] {
            for parts in 1...max(1, min(4, size / BLAS.minimumSplitPart)) {
                let bounds = (0...parts).map { BLAS.splitBoundary($0, of: parts, size: size) }
                #expect(bounds.first == 0 && bounds.last == size)
                #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "\(bounds)")
                #expect(bounds.dropFirst().dropLast().allSatisfy { $0 % 16 == 0 }, "\(bounds)")
            }
        }
    }

    @Test func invalidCountsThrow() throws {
        #expect(throws: InvalidThreadCount.self) { try ComputeThreads(count: 0) }
        #expect(throws: InvalidThreadCount.self) { try ComputeThreads(count: -3) }
        #expect(try ComputeThreads(count: 3).count == 3)
        #expect(ComputeThreads().count == ComputeThreads.processors)
    }
}
