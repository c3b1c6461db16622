import CBLAS

/// Thin, typed access to the OpenBLAS routines the library uses.
///
/// All matrices are row-major. `gemm` computes `C ← α·op(A)·op(B) + β·C` with
/// `op(A)` of shape `[m, k]`, `op(B)` of shape `[k, n]` and `C` of shape `[m, n]`;
/// `lda`, `ldb`, `ldc` are the row strides of the matrices *as stored*. Every call runs
/// on the calling thread (OpenBLAS is held at one thread, `singleThreaded`);
/// `gemm(…, threads:)` splits a large product over the worker team.
public enum BLAS {
    /// `C[m,n] ← α·op(A)[m,k]·op(B)[k,n] + β·C`, row-major (`cblas_sgemm`).
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        _ = singleThreaded
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k),
            alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }

    /// `y[m'] ← α·op(A)·x + β·y` for a row-major `A` of shape `[m, n]` (`cblas_sgemv`);
    /// `op(A)` is `A` (`m' = m`) or `Aᵀ` (`m' = n`).
    @inlinable
    public static func gemv(
        transpose: Bool = false, m: Int, n: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        _ = singleThreaded
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), alpha, a, blasint(lda), x, 1, beta, y, 1)
    }

    /// `y[n] ← α·x + y` (`cblas_saxpy`, unit strides).
    @inlinable
    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        _ = singleThreaded
        cblas_saxpy(blasint(n), alpha, x, 1, y, 1)
    }

    /// OpenBLAS is held at one thread, set here once, before the first BLAS call of the
    /// process goes through this type: all parallelism is the library's own
    /// (`ComputeThreads`, `gemm(…, threads:)`), so concurrent callers (batch jobs, many
    /// forecasts at once) never oversubscribe the cores, and no call flips a process-wide
    /// setting that another thread's call would see midway.
    @usableFromInline static let singleThreaded: Void = openblas_set_num_threads(1)
}
