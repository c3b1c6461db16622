import CGateKernels
import TSTensor

/// The matrix products inside the recurrence, `C = β·C + A·B` (row-major, no transposes):
/// `h·W_hhᵀ` forward and `dG·W_hh` backward, one per step and row chunk. They go to
/// `cgk_small_gemm` (AVX-512F register tiles reading the operands in place; OpenBLAS
/// would pack the unchanging `W_hh` again on every step) on the `avx512` kernel path, and
/// to BLAS on the others (`KernelPath`).
enum StepProduct {
    static func multiply(
        m: Int, n: Int, k: Int, a: FloatPointer, lda: Int, b: FloatPointer, ldb: Int, beta: Float,
        c: MutableFloatPointer, ldc: Int
    ) {
        guard cgk_small_gemm(m, n, k, a, lda, b, ldb, beta, c, ldc) == 0 else { return }
        BLAS.gemm(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}
