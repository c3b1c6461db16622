#include "GemmTiles.h"
#include "VectorMath.h"

#include <stdlib.h>
#include <string.h>

/// Taps `p` per weight-gradient block, on both paths.
#define WEIGHT_TAPS 6

#if defined(__x86_64__)

/// Whether the direct kernels exist on `path`: an AVX2 or AVX-512 path the CPU has.
static int available(int path) { return path >= CGK_PATH_AVX2 && path <= cgk_supported_path(); }

/// The sizes the direct kernels share. A stride `(sH, sW)` splits the padded image into
/// `sH·sW` phases `(a, b)` (the padded rows `≡ a (mod sH)`, columns `≡ b (mod sW)`), each
/// `[C, hp, wp]` with `hp = outH + ⌊(kH − 1)·dH / sH⌋`, `wp = outW + ⌊(kW − 1)·dW / sW⌋`, so
/// that every tap reads consecutive outputs' inputs as one contiguous run (stride 1: one
/// phase, the padded image itself); `image` floats in all; the reduction `k = C·kH·kW`, the
/// output plane `outH·outW` and the flattened positions `n = (outH − 1)·wp + outW`.
typedef struct {
    long hp, wp, image, k, plane, n;
} direct_geometry;

static direct_geometry geometry_of(const cgk_conv_shape *s) {
    direct_geometry g;
    g.hp = s->outHeight + (s->kernelH - 1) * s->dilationH / s->strideH;
    g.wp = s->outWidth + (s->kernelW - 1) * s->dilationW / s->strideW;
    g.image = s->strideH * s->strideW * s->channels * g.hp * g.wp;
    g.k = s->channels * s->kernelH * s->kernelW;
    g.plane = s->outHeight * s->outWidth;
    g.n = s->outHeight > 0 ? (s->outHeight - 1) * g.wp + s->outWidth : 0;
    return g;
}

/// The padded phases of one sample: element `(c, r, q)` of phase `(a, b)` is
/// `x[c, r·sH + a − padTop, q·sW + b − padLeft]`, or 0 outside the image (a negative
/// padding skips image rows or columns). At `sW = 1` each row is one block copy.
static void pad_sample(const cgk_conv_shape *s, direct_geometry g, const float *x, float *padded) {
    const long sH = s->strideH, sW = s->strideW;
    for (long a = 0; a < sH; a++) {
        for (long b = 0; b < sW; b++) {
            for (long c = 0; c < s->channels; c++) {
                for (long r = 0; r < g.hp; r++) {
                    float *row = padded + (((a * sW + b) * s->channels + c) * g.hp + r) * g.wp;
                    const long h = r * sH + a - s->padTop;
                    memset(row, 0, (size_t)g.wp * sizeof(float));
                    if (h < 0 || h >= s->height) continue;
                    const float *image = x + (c * s->height + h) * s->width;
                    // The columns q with 0 ≤ q·sW − lead < W.
                    const long lead = s->padLeft - b, span = s->width - 1 + lead;
                    const long q0 = lead > 0 ? (lead + sW - 1) / sW : 0;
                    long q1 = span < 0 ? 0 : span / sW + 1;
                    if (q1 > g.wp) q1 = g.wp;
                    if (sW == 1 && q1 > q0) {
                        memcpy(row + q0, image + q0 - lead, (size_t)(q1 - q0) * sizeof(float));
                    } else {
                        for (long q = q0; q < q1; q++) row[q] = image[q * sW - lead];
                    }
                }
            }
        }
    }
}

/// `y [O, outH, outW]` = the rows of `flat [O, N]` (flattened positions `oh·wp + ow`) without
/// their padding columns.
static void compact(const cgk_conv_shape *s, long outChannels, direct_geometry g, const float *flat, float *y) {
    for (long o = 0; o < outChannels; o++)
        for (long oh = 0; oh < s->outHeight; oh++)
            memcpy(y + (o * s->outHeight + oh) * s->outWidth, flat + o * g.n + oh * g.wp, (size_t)s->outWidth * sizeof(float));
}

/// `offsets[t]`, for `t < count`, of tap `p = p0 + t = (c·kH + i)·kW + j` in the phases: tap
/// `(i, j)` of output `(oh, ow)` reads padded row `oh·sH + i·dH`, column `ow·sW + j·dW`, i.e.
/// phase `(i·dH mod sH, j·dW mod sW)` at `(oh + ⌊i·dH/sH⌋, ow + ⌊j·dW/sW⌋)`; `beyond` for
/// taps past `k`.
static void tap_offsets(const cgk_conv_shape *s, direct_geometry g, long p0, long count, long beyond, long *offsets) {
    const long taps = s->kernelH * s->kernelW, sH = s->strideH, sW = s->strideW;
    for (long t = 0; t < count; t++) {
        const long p = p0 + t, c = p / taps, i = p % taps / s->kernelW * s->dilationH, j = p % s->kernelW * s->dilationW;
        const long phase = (i % sH) * sW + j % sW;
        offsets[t] = p < g.k ? ((phase * s->channels + c) * g.hp + i / sH) * g.wp + j / sW : beyond;
    }
}

/// The direct convolution of the samples `[first, last)` on one path. Each sample is padded
/// once (in phases, `pad_sample`); output position `(oh, ow)` is flattened to
/// `n = oh·wp + ow`, so every tap `p = (c·kH + i)·kW + j` reads one contiguous run of the
/// phases from `padded + offsets[p]` (`tap_offsets`), and `Y = W [O, K] · B` is a product
/// over the `N` flattened positions, `ROWS` channels × `COLUMNS` positions a register tile,
/// accumulators starting at the bias. A 2-D output (whose `wp − outW` extra columns per row
/// are computed and dropped) goes through `flat [O, N]` and is then compacted into `y`; a 1-D
/// output (`N = outW`) is written in place.
#define DIRECT_BODY(TILE, ROWS, COLUMNS)                                                        \
    {                                                                                         \
        const direct_geometry g = geometry_of(s);                                             \
        const long k = g.k, plane = g.plane, n = g.n;                                         \
        float *padded = malloc((size_t)g.image * sizeof(float));                              \
        float *flat = s->outHeight > 1 ? malloc((size_t)(outChannels * n) * sizeof(float)) : NULL; \
        long *offsets = malloc((size_t)k * sizeof(long));                                     \
        tap_offsets(s, g, 0, k, 0, offsets);                                                  \
        for (long b = first; b < last; b++) {                                                 \
            pad_sample(s, g, x + b * s->channels * s->height * s->width, padded);             \
            float *out = flat ? flat : y + b * outChannels * plane;                           \
            const long ldc = flat ? n : plane;                                                \
            for (long o = 0; o < outChannels; o += ROWS) {                                    \
                const long rows = outChannels - o < ROWS ? outChannels - o : ROWS;            \
                for (long j = 0; j < n; j += COLUMNS) {                                       \
                    const long columns = n - j < COLUMNS ? n - j : COLUMNS;                   \
                    TILE(rows, columns, k, w + o * k, k, padded + j, 0, offsets, bias ? bias + o : NULL, 0, \
                         out + o * ldc + j, ldc);                                             \
                }                                                                             \
            }                                                                                 \
            if (flat) compact(s, outChannels, g, flat, y + b * outChannels * plane);          \
        }                                                                                     \
        free(offsets);                                                                        \
        free(flat);                                                                           \
        free(padded);                                                                         \
    }

__attribute__((target("avx512f"))) static void
direct_avx512(const cgk_conv_shape *s, long outChannels, long first, long last, const float *x,
              const float *w, const float *bias, float *y) DIRECT_BODY(tile, TILE_ROWS, 32)

__attribute__((target("avx2,fma"))) static void
direct_avx2(const cgk_conv_shape *s, long outChannels, long first, long last, const float *x,
            const float *w, const float *bias, float *y) DIRECT_BODY(tile_avx2, AVX2_TILE_ROWS, 16)

/// The direct weight gradient on one path for the tap blocks `[firstBlock, lastBlock)` (taps
/// `WEIGHT_TAPS·firstBlock ..< WEIGHT_TAPS·lastBlock`): for each sample in order, the padded
/// image (as in the forward pass) and `dyflat [O', N']` (`dy` at the flattened positions
/// `oh·Wp + ow`, 0 in the padding columns, the tail up to `N' = ⌈N/VL⌉·VL` and the rows up to
/// `O' = ⌈O/ROWS⌉·ROWS`), then `acc[o][p] += dyflat[o, n..n+VL] · image[offsets[p] + n..]`
/// over `n` in steps of `VL` with register tiles of `ROWS` channels × `WEIGHT_TAPS` taps
/// (the accumulators kept in memory between samples; taps past `K` read a run of zeros).
/// Finally `dW[o, p] += Σ_lanes acc[o][p]`, lanes in order. Each element is computed in the
/// same order whatever the block range (so whatever the thread count).
#define WEIGHT_BODY(VEC, VL, ROWS)                                                              \
    {                                                                                         \
        const direct_geometry g = geometry_of(s);                                             \
        const long wp = g.wp, k = g.k, plane = g.plane, image = g.image;                      \
        const long np = (g.n + VL - 1) / VL * VL, rowsPadded = (outChannels + ROWS - 1) / ROWS * ROWS; \
        const long p0 = firstBlock * WEIGHT_TAPS, taps = (lastBlock - firstBlock) * WEIGHT_TAPS; \
        float *padded = calloc((size_t)(image + VL + np), sizeof(float));                     \
        float *dyflat = calloc((size_t)(rowsPadded * np), sizeof(float));                     \
        VEC *acc = aligned_alloc(sizeof(VEC), (size_t)(rowsPadded * taps) * sizeof(VEC));     \
        memset(acc, 0, (size_t)(rowsPadded * taps) * sizeof(VEC));                            \
        long *offsets = malloc((size_t)taps * sizeof(long));                                  \
        tap_offsets(s, g, p0, taps, image + VL, offsets);                                     \
        for (long b = 0; b < s->batch; b++) {                                                 \
            pad_sample(s, g, x + b * s->channels * s->height * s->width, padded);             \
            for (long o = 0; o < outChannels; o++)                                            \
                for (long oh = 0; oh < s->outHeight; oh++)                                    \
                    memcpy(dyflat + o * np + oh * wp, dy + (b * outChannels + o) * plane + oh * s->outWidth, \
                           (size_t)s->outWidth * sizeof(float));                              \
            for (long o = 0; o < rowsPadded; o += ROWS) {                                     \
                for (long t = 0; t < taps; t += WEIGHT_TAPS) {                                \
                    VEC sums[ROWS][WEIGHT_TAPS];                                              \
                    for (int r = 0; r < ROWS; r++)                                            \
                        for (int q = 0; q < WEIGHT_TAPS; q++) sums[r][q] = acc[(o + r) * taps + t + q]; \
                    for (long m = 0; m < np; m += VL) {                                       \
                        VEC d[ROWS];                                                          \
                        for (int r = 0; r < ROWS; r++) __builtin_memcpy(&d[r], dyflat + (o + r) * np + m, sizeof(VEC)); \
                        for (int q = 0; q < WEIGHT_TAPS; q++) {                               \
                            VEC v;                                                            \
                            __builtin_memcpy(&v, padded + offsets[t + q] + m, sizeof v);      \
                            for (int r = 0; r < ROWS; r++) sums[r][q] = d[r] * v + sums[r][q]; \
                        }                                                                     \
                    }                                                                         \
                    for (int r = 0; r < ROWS; r++)                                            \
                        for (int q = 0; q < WEIGHT_TAPS; q++) acc[(o + r) * taps + t + q] = sums[r][q]; \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        for (long o = 0; o < outChannels; o++)                                                \
            for (long t = 0; t < taps && p0 + t < k; t++) {                                   \
                float total = 0;                                                              \
                for (int l = 0; l < VL; l++) total += acc[o * taps + t][l];                   \
                dWeight[o * k + p0 + t] += total;                                             \
            }                                                                                 \
        free(offsets);                                                                        \
        free(acc);                                                                            \
        free(dyflat);                                                                         \
        free(padded);                                                                         \
    }

__attribute__((target("avx512f"))) static void
weights_avx512(const cgk_conv_shape *s, long outChannels, long firstBlock, long lastBlock, const float *x,
               const float *dy, float *dWeight) WEIGHT_BODY(v16f, 16, 4)

__attribute__((target("avx2,fma"))) static void
weights_avx2(const cgk_conv_shape *s, long outChannels, long firstBlock, long lastBlock, const float *x,
             const float *dy, float *dWeight) WEIGHT_BODY(v8f, 8, 2)

int cgk_conv_direct_weight_gradient_on(int path, const cgk_conv_shape *s, long outChannels, long firstBlock,
                                       long lastBlock, const float *x, const float *dy, float *dWeight) {
    if (!available(path)) return 0;
    if (path == CGK_PATH_AVX512)
        weights_avx512(s, outChannels, firstBlock, lastBlock, x, dy, dWeight);
    else
        weights_avx2(s, outChannels, firstBlock, lastBlock, x, dy, dWeight);
    return 1;
}

int cgk_conv_direct_on(int path, const cgk_conv_shape *s, long outChannels, long first, long last,
                       const float *x, const float *w, const float *bias, float *y) {
    if (!available(path)) return 0;
    if (path == CGK_PATH_AVX512)
        direct_avx512(s, outChannels, first, last, x, w, bias, y);
    else
        direct_avx2(s, outChannels, first, last, x, w, bias, y);
    return 1;
}

int cgk_conv_direct_input_gradient_on(int path, const cgk_conv_shape *s, long outChannels, long first,
                                      long last, const float *dy, const float *w, float *dx) {
    if (!available(path) || s->strideH != 1 || s->strideW != 1) return 0;
    // dx = dy ⋆ W′ with W′[c, (o·kH + i)·kW + j] = W[o, c, kH − 1 − i, kW − 1 − j] and the
    // padding (k − 1)·d − pad: a stride-1 convolution of dy [B, O, outH, outW] to [B, C, H, W].
    const long taps = s->kernelH * s->kernelW, k = s->channels * taps;
    float *flipped = malloc((size_t)(outChannels * k) * sizeof(float));
    for (long o = 0; o < outChannels; o++)
        for (long c = 0; c < s->channels; c++)
            for (long t = 0; t < taps; t++)
                flipped[(c * outChannels + o) * taps + taps - 1 - t] = w[o * k + c * taps + t];
    const cgk_conv_shape g = {
        .batch = s->batch, .channels = outChannels, .height = s->outHeight, .width = s->outWidth,
        .kernelH = s->kernelH, .kernelW = s->kernelW, .strideH = 1, .strideW = 1,
        .dilationH = s->dilationH, .dilationW = s->dilationW,
        .padTop = (s->kernelH - 1) * s->dilationH - s->padTop,
        .padLeft = (s->kernelW - 1) * s->dilationW - s->padLeft,
        .outHeight = s->height, .outWidth = s->width};
    cgk_conv_direct_on(path, &g, s->channels, first, last, dy, flipped, NULL, dx);
    free(flipped);
    return 1;
}

#else
static int available(int path) { return 0; }

int cgk_conv_direct_weight_gradient_on(int path, const cgk_conv_shape *s, long outChannels, long firstBlock,
                                       long lastBlock, const float *x, const float *dy, float *dWeight) {
    return 0;
}

int cgk_conv_direct_on(int path, const cgk_conv_shape *s, long outChannels, long first, long last,
                       const float *x, const float *w, const float *bias, float *y) {
    return 0;
}

int cgk_conv_direct_input_gradient_on(int path, const cgk_conv_shape *s, long outChannels, long first,
                                      long last, const float *dy, const float *w, float *dx) {
    return 0;
}
#endif

/// The fewest output positions per sample (`outH·outW`) for which `ConvPlan` takes the
/// direct kernels: below it the per-sample work (padding, tile set-up, the weight
/// gradient's accumulator passes) outweighs what the batch-wide im2col GEMM costs (the `cnn`
/// forecaster trains 1.6× slower direct at 10 positions, 1.1× faster at 52).
#define DIRECT_MIN_POSITIONS 32
/// The largest `O·K` whose weight gradient `ConvPlan` takes directly: the lane accumulators
/// (`O·K` vectors, 256 KiB at this size with AVX-512) stay in the L2 cache.
#define WEIGHT_MAX_PRODUCT 4096

int cgk_conv_direct_supported(const cgk_conv_shape *s) {
    return available(cgk_kernel_path()) && s->outHeight * s->outWidth >= DIRECT_MIN_POSITIONS;
}

int cgk_conv_direct_input_gradient_supported(const cgk_conv_shape *s) {
    return cgk_conv_direct_supported(s) && s->strideH == 1 && s->strideW == 1;
}

long cgk_conv_direct_weight_blocks(const cgk_conv_shape *s, long outChannels) {
    const long k = s->channels * s->kernelH * s->kernelW;
    if (!cgk_conv_direct_supported(s) || outChannels * k > WEIGHT_MAX_PRODUCT) return 0;
    return (k + WEIGHT_TAPS - 1) / WEIGHT_TAPS;
}

int cgk_conv_direct(const cgk_conv_shape *s, long outChannels, long first, long last, const float *x,
                    const float *w, const float *bias, float *y) {
    return cgk_conv_direct_on(cgk_kernel_path(), s, outChannels, first, last, x, w, bias, y);
}

int cgk_conv_direct_input_gradient(const cgk_conv_shape *s, long outChannels, long first, long last,
                                   const float *dy, const float *w, float *dx) {
    return cgk_conv_direct_input_gradient_on(cgk_kernel_path(), s, outChannels, first, last, dy, w, dx);
}

int cgk_conv_direct_weight_gradient(const cgk_conv_shape *s, long outChannels, long firstBlock, long lastBlock,
                                    const float *x, const float *dy, float *dWeight) {
    return cgk_conv_direct_weight_gradient_on(cgk_kernel_path(), s, outChannels, firstBlock, lastBlock, x, dy, dWeight);
}
