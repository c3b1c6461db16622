#include "GemmTiles.h"

#if defined(__x86_64__)

__attribute__((target("avx512f"))) static void
small_gemm_avx512(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                  float beta, float *c, long ldc) {
    for (long j = 0; j < n; j += 32) {
        long columns = n - j < 32 ? n - j : 32;
        for (long i = 0; i < m; i += TILE_ROWS) {
            long rows = m - i < TILE_ROWS ? m - i : TILE_ROWS;
            tile(rows, columns, k, a + i * lda, lda, b + j, ldb, NULL, NULL, beta, c + i * ldc + j, ldc);
        }
    }
}

__attribute__((target("avx2,fma"))) static void
small_gemm_avx2(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                float beta, float *c, long ldc) {
    for (long j = 0; j < n; j += 16) {
        long columns = n - j < 16 ? n - j : 16;
        for (long i = 0; i < m; i += AVX2_TILE_ROWS) {
            long rows = m - i < AVX2_TILE_ROWS ? m - i : AVX2_TILE_ROWS;
            tile_avx2(rows, columns, k, a + i * lda, lda, b + j, ldb, NULL, NULL, beta, c + i * ldc + j, ldc);
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
