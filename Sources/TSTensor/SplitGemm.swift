extension BLAS {
    /// Products smaller than this many multiply-adds run unsplit: below it, starting the
    /// workers costs about what the parallel part saves.
    package static let minimumSplitWork = 1 << 18
    /// The fewest output rows (or columns) a part gets; part boundaries fall on multiples
    /// of 16, the widest register blocking of the sgemm kernels, so no part ends in a
    /// narrower tail than the unsplit product has.
    package static let minimumSplitPart = 32

    /// How many parts `gemm(…, threads:)` splits an `[m, n]` product of depth `k` into:
    /// `min(threads.usable, max(m, n) / minimumSplitPart)`, or 1 below `minimumSplitWork`.
    package static func splitParts(m: Int, n: Int, k: Int, threads: ComputeThreads) -> Int {
        guard threads.usable > 1, m * n * k >= minimumSplitWork else { return 1 }
        return max(1, min(threads.usable, max(m, n) / minimumSplitPart))
    }

    /// The start of part `part` of `parts` over `0..<size` (`size` for `part = parts`):
    /// near-equal parts whose inner boundaries are rounded to multiples of 16.
    package static func splitBoundary(_ part: Int, of parts: Int, size: Int) -> Int {
        part == 0 ? 0 : part == parts ? size : min(size, (part * size / parts + 8) / 16 * 16)
    }

    /// `C[m,n] ← α·op(A)·op(B) + β·C` as `gemm`, split over the worker team: the larger of
    /// `C`'s dimensions is cut into `splitParts` consecutive blocks, and each block is one
    /// single-threaded sgemm (rows `i₀..<i₁`: `op(A)`'s rows and `C`'s; columns
    /// `j₀..<j₁`: `op(B)`'s columns and `C`'s). Every element is one dot product of `k`
    /// terms either way, so results are reproducible for a fixed `threads.count`, and a
    /// different count changes an element by no more than BLAS's rounding of a `k`-term
    /// dot product may vary with the block size (its kernels may order the sum
    /// differently at another row or column count): `|ΔC| ≤ 2γ_k·|α|·(|op(A)|·|op(B)|)`.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        threads: ComputeThreads
    ) {
        let parts = splitParts(m: m, n: n, k: k, threads: threads)
        guard parts > 1 else {
            return gemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
        let byRows = m >= n
        WorkerTeam.shared.run(count: parts) { part in
            let lower = splitBoundary(part, of: parts, size: byRows ? m : n)
            let upper = splitBoundary(part + 1, of: parts, size: byRows ? m : n)
            if byRows {
                // Row i of op(A) is row i of A, or column i of A when transposed.
                gemm(
                    transposeA: transposeA, transposeB: transposeB, m: upper - lower, n: n, k: k, alpha: alpha,
                    a: a + (transposeA ? lower : lower * lda), lda: lda, b: b, ldb: ldb,
                    beta: beta, c: c + lower * ldc, ldc: ldc)
            } else {
                // Column j of op(B) is column j of B, or row j of B when transposed.
                gemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: upper - lower, k: k, alpha: alpha,
                    a: a, lda: lda, b: b + (transposeB ? lower * ldb : lower), ldb: ldb,
                    beta: beta, c: c + lower, ldc: ldc)
            }
        }
    }
}
