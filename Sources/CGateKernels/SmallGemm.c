#include "CGateKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

/// Rows of the register tile; its columns are two 16-lane vectors (32 floats).
#define TILE_ROWS 8

/// One `rows × columns` tile (`rows ≤ 8`, `columns ≤ 32`) of `C = β·C + A·B`: 16 vector
/// accumulators, one broadcast of `A[i, p]` per row and two (masked) loads of `B[p, :]`
/// per `p`, then `C` is read (unless `β = 0`) and written once.
__attribute__((target("avx512f"))) static inline void
tile(long rows, long columns, long k, const float *a, long lda, const float *b, long ldb,
     float beta, float *c, long ldc) {
    const __mmask16 low = columns >= 16 ? 0xFFFF : (__mmask16)((1u << columns) - 1);
    const __mmask16 high = columns >= 32 ? 0xFFFF
                           : columns <= 16 ? 0
                                           : (__mmask16)((1u << (columns - 16)) - 1);
    __m512 acc[TILE_ROWS][2];
    for (int i = 0; i < TILE_ROWS; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
#define ROW(i)                                                                 \
    {                                                                          \
        __m512 x = _mm512_set1_ps(a[(i) * lda + p]);                           \
        acc[i][0] = _mm512_fmadd_ps(x, b0, acc[i][0]);                         \
        acc[i][1] = _mm512_fmadd_ps(x, b1, acc[i][1]);                         \
    }
    if (rows == TILE_ROWS) {
        for (long p = 0; p < k; p++) {
            __m512 b0 = _mm512_maskz_loadu_ps(low, b + p * ldb);
            __m512 b1 = _mm512_maskz_loadu_ps(high, b + p * ldb + 16);
            ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
        }
    } else {
        for (long p = 0; p < k; p++) {
            __m512 b0 = _mm512_maskz_loadu_ps(low, b + p * ldb);
            __m512 b1 = _mm512_maskz_loadu_ps(high, b + p * ldb + 16);
            for (long i = 0; i < rows; i++) ROW(i)
        }
    }
#undef ROW
    for (long i = 0; i < rows; i++) {
        float *row = c + i * ldc;
        if (beta != 0) {
            const __m512 scale = _mm512_set1_ps(beta);
            acc[i][0] = _mm512_fmadd_ps(scale, _mm512_maskz_loadu_ps(low, row), acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(scale, _mm512_maskz_loadu_ps(high, row + 16), acc[i][1]);
        }
        _mm512_mask_storeu_ps(row, low, acc[i][0]);
        _mm512_mask_storeu_ps(row + 16, high, acc[i][1]);
    }
}

__attribute__((target("avx512f"))) static void
small_gemm_avx512(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                  float beta, float *c, long ldc) {
    for (long j = 0; j < n; j += 32) {
        long columns = n - j < 32 ? n - j : 32;
        for (long i = 0; i < m; i += TILE_ROWS) {
            long rows = m - i < TILE_ROWS ? m - i : TILE_ROWS;
            tile(rows, columns, k, a + i * lda, lda, b + j, ldb, beta, c + i * ldc + j, ldc);
        }
    }
}

int cgk_small_gemm(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc) {
    if (k < 64 || n < 64 || cgk_kernel_path() < CGK_PATH_AVX512) return 0;
    small_gemm_avx512(m, n, k, a, lda, b, ldb, beta, c, ldc);
    return 1;
}
#else
int cgk_small_gemm(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc) {
    return 0;
}
#endif
