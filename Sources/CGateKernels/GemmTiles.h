#ifndef CGATEKERNELS_GEMMTILES_H
#define CGATEKERNELS_GEMMTILES_H

// The register tiles of `C = β·C + A·B` shared by the step products (`SmallGemm.c`) and the
// direct convolutions (`ConvDirect.c`). Row `p` of `B` starts at `b + offsets[p]`, or at
// `b + p·ldb` when `offsets` is NULL (constant at the step products' call sites, so the
// inlined loop has no test); the accumulators start at `init[i]` (NULL: 0). Each `C[i, j]`
// is the FMA chain `acc = A[i,p]·B[p,j] + acc` for `p = 0, 1, …` from its start, then
// `acc = β·C[i, j] + acc`, on both paths.

#include "CGateKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define B_ROW(p) (offsets ? b + offsets[p] : b + (p) * ldb)

/// Rows of the register tile; its columns are two 16-lane vectors (32 floats).
#define TILE_ROWS 8

/// One `rows × columns` tile (`rows ≤ 8`, `columns ≤ 32`) of `C = β·C + A·B`: 16 vector
/// accumulators, one broadcast of `A[i, p]` per row and two (masked) loads of `B[p, :]`
/// per `p`, then `C` is read (unless `β = 0`) and written once.
__attribute__((target("avx512f"))) static inline __attribute__((always_inline)) void
tile(long rows, long columns, long k, const float *a, long lda, const float *b, long ldb,
     const long *offsets, const float *init, float beta, float *c, long ldc) {
    const __mmask16 low = columns >= 16 ? 0xFFFF : (__mmask16)((1u << columns) - 1);
    const __mmask16 high = columns >= 32 ? 0xFFFF
                           : columns <= 16 ? 0
                                           : (__mmask16)((1u << (columns - 16)) - 1);
    __m512 acc[TILE_ROWS][2];
    for (int i = 0; i < TILE_ROWS; i++)
        acc[i][0] = acc[i][1] = init && i < rows ? _mm512_set1_ps(init[i]) : _mm512_setzero_ps();
#define ROW(i)                                                                 \
    {                                                                          \
        __m512 x = _mm512_set1_ps(a[(i) * lda + p]);                           \
        acc[i][0] = _mm512_fmadd_ps(x, b0, acc[i][0]);                         \
        acc[i][1] = _mm512_fmadd_ps(x, b1, acc[i][1]);                         \
    }
    if (rows == TILE_ROWS) {
        for (long p = 0; p < k; p++) {
            __m512 b0 = _mm512_maskz_loadu_ps(low, B_ROW(p));
            __m512 b1 = _mm512_maskz_loadu_ps(high, B_ROW(p) + 16);
            ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
        }
    } else {
        for (long p = 0; p < k; p++) {
            __m512 b0 = _mm512_maskz_loadu_ps(low, B_ROW(p));
            __m512 b1 = _mm512_maskz_loadu_ps(high, B_ROW(p) + 16);
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
__attribute__((target("avx2,fma"))) static inline __attribute__((always_inline)) void
tile_avx2(long rows, long columns, long k, const float *a, long lda, const float *b, long ldb,
          const long *offsets, const float *init, float beta, float *c, long ldc) {
    const __m256i low = lanes(columns), high = lanes(columns - 8);
    __m256 acc[AVX2_TILE_ROWS][2];
    for (int i = 0; i < AVX2_TILE_ROWS; i++)
        acc[i][0] = acc[i][1] = init && i < rows ? _mm256_set1_ps(init[i]) : _mm256_setzero_ps();
#define ROW(i)                                                                 \
    {                                                                          \
        __m256 x = _mm256_set1_ps(a[(i) * lda + p]);                           \
        acc[i][0] = _mm256_fmadd_ps(x, b0, acc[i][0]);                         \
        acc[i][1] = _mm256_fmadd_ps(x, b1, acc[i][1]);                         \
    }
    if (rows == AVX2_TILE_ROWS && columns == 16) {
        // Full tiles use plain loads: masked loads cost several times more on AMD cores.
        for (long p = 0; p < k; p++) {
            __m256 b0 = _mm256_loadu_ps(B_ROW(p));
            __m256 b1 = _mm256_loadu_ps(B_ROW(p) + 8);
            ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5)
        }
    } else {
        for (long p = 0; p < k; p++) {
            __m256 b0 = _mm256_maskload_ps(B_ROW(p), low);
            __m256 b1 = _mm256_maskload_ps(B_ROW(p) + 8, high);
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
        if (columns == 16) {
            _mm256_storeu_ps(row, acc[i][0]);
            _mm256_storeu_ps(row + 8, acc[i][1]);
        } else {
            _mm256_maskstore_ps(row, low, acc[i][0]);
            _mm256_maskstore_ps(row + 8, high, acc[i][1]);
        }
    }
}

#undef B_ROW

#endif
#endif
