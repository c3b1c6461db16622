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

/// Rows of the AVX2 register tile; its columns are two 8-lane vectors (16 floats).
#define AVX2_TILE_ROWS 6

/// Lane masks for the first `count` of eight lanes (`count` clamped to [0, 8]).
__attribute__((target("avx2,fma"))) static inline __m256i lanes(long count) {
    count = count < 0 ? 0 : count > 8 ? 8 : count;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// The AVX2/FMA twin of `tile`: a `rows × columns` tile (`rows ≤ 6`, `columns ≤ 16`) with 12
/// accumulators. Every `C[i, j]` is the same FMA chain as in `tile` (`acc = a·b + acc` for
/// `p = 0, 1, …`, then `acc = β·C + acc`), so both paths give the same bits.
__attribute__((target("avx2,fma"))) static inline void
tile_avx2(long rows, long columns, long k, const float *a, long lda, const float *b, long ldb,
          float beta, float *c, long ldc) {
    const __m256i low = lanes(columns), high = lanes(columns - 8);
    __m256 acc[AVX2_TILE_ROWS][2];
    for (int i = 0; i < AVX2_TILE_ROWS; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
#define ROW(i)                                                                 \
    {                                                                          \
        __m256 x = _mm256_set1_ps(a[(i) * lda + p]);                           \
        acc[i][0] = _mm256_fmadd_ps(x, b0, acc[i][0]);                         \
        acc[i][1] = _mm256_fmadd_ps(x, b1, acc[i][1]);                         \
    }
    if (rows == AVX2_TILE_ROWS) {
        for (long p = 0; p < k; p++) {
            __m256 b0 = _mm256_maskload_ps(b + p * ldb, low);
            __m256 b1 = _mm256_maskload_ps(b + p * ldb + 8, high);
            ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5)
        }
    } else {
        for (long p = 0; p < k; p++) {
            __m256 b0 = _mm256_maskload_ps(b + p * ldb, low);
            __m256 b1 = _mm256_maskload_ps(b + p * ldb + 8, high);
            for (long i = 0; i < rows; i++) ROW(i)
        }
    }
#undef ROW
    for (long i = 0; i < rows; i++) {
        float *row = c + i * ldc;
        if (beta != 0) {
            const __m256 scale = _mm256_set1_ps(beta);
            acc[i][0] = _mm256_fmadd_ps(scale, _mm256_maskload_ps(row, low), acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(scale, _mm256_maskload_ps(row + 8, high), acc[i][1]);
        }
        _mm256_maskstore_ps(row, low, acc[i][0]);
        _mm256_maskstore_ps(row + 8, high, acc[i][1]);
    }
}

__attribute__((target("avx2,fma"))) static void
small_gemm_avx2(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                float beta, float *c, long ldc) {
    for (long j = 0; j < n; j += 16) {
        long columns = n - j < 16 ? n - j : 16;
        for (long i = 0; i < m; i += AVX2_TILE_ROWS) {
            long rows = m - i < AVX2_TILE_ROWS ? m - i : AVX2_TILE_ROWS;
            tile_avx2(rows, columns, k, a + i * lda, lda, b + j, ldb, beta, c + i * ldc + j, ldc);
        }
    }
}

int cgk_small_gemm(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc) {
    return cgk_small_gemm_on(cgk_kernel_path(), m, n, k, a, lda, b, ldb, beta, c, ldc);
}

int cgk_small_gemm_on(int path, long m, long n, long k, const float *a, long lda, const float *b,
                      long ldb, float beta, float *c, long ldc) {
    if (k < 64 || n < 64 || path > cgk_supported_path()) return 0;
    switch (path) {
    case CGK_PATH_AVX512: small_gemm_avx512(m, n, k, a, lda, b, ldb, beta, c, ldc); return 1;
    case CGK_PATH_AVX2: small_gemm_avx2(m, n, k, a, lda, b, ldb, beta, c, ldc); return 1;
    default: return 0;
    }
}
#else
int cgk_small_gemm(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc) {
    return 0;
}

int cgk_small_gemm_on(int path, long m, long n, long k, const float *a, long lda, const float *b,
                      long ldb, float beta, float *c, long ldc) {
    return 0;
}
#endif
