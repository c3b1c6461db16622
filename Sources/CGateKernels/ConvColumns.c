#include "CGateKernels.h"
#include "KernelSupport.h"

#include <stdlib.h>
#include <string.h>

/// The output columns `[*first, *last)` whose input column `ow·stride + offset` lies in
/// `[0, width)`; the others read zero padding.
CGK_INLINE void inside_range(long outWidth, long stride, long offset, long width, long *first,
                             long *last) {
    long lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    long hi = offset > width - 1 ? 0 : (width - 1 - offset) / stride + 1;
    if (hi > outWidth) hi = outWidth;
    if (lo > outWidth) lo = outWidth;
    *first = lo;
    *last = hi > lo ? hi : lo;
}

/// `dst[i] += src[i]` for `i < n`; `restrict` (the two never overlap: one is `x`, the other
/// `cols`) lets the compiler vectorise it. Each element is one addition, so the result is
/// the same bits as the plain loop.
CGK_INLINE void add_row(float *restrict dst, const float *restrict src, long n) {
    for (long i = 0; i < n; i++) dst[i] += src[i];
}

/// `dst[i] = src[i·stride]` for `i < n` (strided im2col rows).
CGK_INLINE void gather_row(float *restrict dst, const float *restrict src, long n, long stride) {
    for (long i = 0; i < n; i++) dst[i] = src[i * stride];
}

/// `dst[i·stride] = src[i]` for `i < n` (phases interleaved back into a row).
CGK_INLINE void scatter_row(float *restrict dst, const float *restrict src, long n, long stride) {
    for (long i = 0; i < n; i++) dst[i * stride] = src[i];
}

/// `dst[i·stride] += src[i]` for `i < n` (strided col2im rows).
CGK_INLINE void scatter_add_row(float *restrict dst, const float *restrict src, long n, long stride) {
    for (long i = 0; i < n; i++) dst[i * stride] += src[i];
}

/// The one loop nest of im2col (`gather` nonzero: `cols ← x`, padding written as zeros) and
/// col2im (`gather` zero: `x += cols`) over the samples `[first, last)`; `gather` is a
/// constant at both call sites, so each is compiled without the branch. Stride 1 (every
/// `same`/`causal` convolution) moves each row segment as one contiguous block. Disjoint
/// sample ranges touch disjoint parts of `x` and `cols`, so they may run in parallel.
CGK_INLINE void columns_pass(const cgk_conv_shape *s, long first_sample, long last_sample, float *x, float *cols,
                             int gather) {
    const long outH = s->outHeight, outW = s->outWidth, L = outH * outW;
    const long H = s->height, W = s->width, sW = s->strideW;
    for (long c = 0; c < s->channels; c++) {
        for (long i = 0; i < s->kernelH; i++) {
            for (long j = 0; j < s->kernelW; j++) {
                const long row = (c * s->kernelH + i) * s->kernelW + j;
                const long offset = j * s->dilationW - s->padLeft;
                long first, last;
                inside_range(outW, sW, offset, W, &first, &last);
                for (long b = first_sample; b < last_sample; b++) {
                    float *plane = x + (b * s->channels + c) * H * W;
                    float *out = cols + (row * s->batch + b) * L;
                    for (long oh = 0; oh < outH; oh++, out += outW) {
                        const long ih = oh * s->strideH - s->padTop + i * s->dilationH;
                        if (ih < 0 || ih >= H) {
                            if (gather) memset(out, 0, (size_t)outW * sizeof(float));
                            continue;
                        }
                        float *in = plane + ih * W;
                        if (sW == 1 && gather) {
                            memset(out, 0, (size_t)first * sizeof(float));
                            memcpy(out + first, in + first + offset, (size_t)(last - first) * sizeof(float));
                            memset(out + last, 0, (size_t)(outW - last) * sizeof(float));
                        } else if (sW == 1) {
                            add_row(in + first + offset, out + first, last - first);
                        } else if (gather) {
                            for (long ow = 0; ow < first; ow++) out[ow] = 0;
                            gather_row(out + first, in + first * sW + offset, last - first, sW);
                            for (long ow = last; ow < outW; ow++) out[ow] = 0;
                        } else {
                            scatter_add_row(in + first * sW + offset, out + first, last - first, sW);
                        }
                    }
                }
            }
        }
    }
}

/// im2col (`gather` nonzero) and col2im (`gather` zero) of a 1-D convolution at a stride
/// `sW` above 1 over the samples `[first, last)`, through `phases [sW, wp]`
/// (`wp = outW + ⌊(kW − 1)·dW / sW⌋`): phase `r` holds the padded row's elements `m·sW + r`,
/// so tap `j` of consecutive outputs is one contiguous run, `phases + (j·dW mod sW)·wp +
/// ⌊j·dW / sW⌋`. Per sample and channel, im2col splits the row into the phases once and
/// copies each tap's run; col2im adds each tap's run into zeroed phases, in tap order (the
/// order, and so the bits, of the strided loop nest), and then interleaves them into `dx`.
/// Every row is a contiguous vector loop instead of a strided one per tap.
CGK_INLINE void strided_row_pass(const cgk_conv_shape *s, long first_sample, long last_sample, float *x, float *cols,
                                 float *phases, const long *runs, int gather) {
    const long outW = s->outWidth, W = s->width, sW = s->strideW;
    const long wp = outW + (s->kernelW - 1) * s->dilationW / sW;
    for (long b = first_sample; b < last_sample; b++) {
        for (long c = 0; c < s->channels; c++) {
            float *row = x + (b * s->channels + c) * W;
            if (gather) {
                for (long r = 0; r < sW; r++) {
                    long m0, m1;
                    inside_range(wp, sW, r - s->padLeft, W, &m0, &m1);
                    float *phase = phases + r * wp;
                    memset(phase, 0, (size_t)m0 * sizeof(float));
                    gather_row(phase + m0, row + m0 * sW + r - s->padLeft, m1 - m0, sW);
                    memset(phase + m1, 0, (size_t)(wp - m1) * sizeof(float));
                }
            } else {
                memset(phases, 0, (size_t)(sW * wp) * sizeof(float));
            }
            for (long j = 0; j < s->kernelW; j++) {
                float *run = phases + runs[j];
                float *out = cols + ((c * s->kernelW + j) * s->batch + b) * outW;
                if (gather)
                    memcpy(out, run, (size_t)outW * sizeof(float));
                else
                    add_row(run, out, outW);
            }
            if (gather) continue;
            memset(row, 0, (size_t)W * sizeof(float));
            for (long r = 0; r < sW; r++) {
                long m0, m1;
                inside_range(wp, sW, r - s->padLeft, W, &m0, &m1);
                scatter_row(row + m0 * sW + r - s->padLeft, phases + r * wp + m0, m1 - m0, sW);
            }
        }
    }
}

/// Whether `strided_row_pass` applies: a 1-D convolution (one row, one kernel row, no
/// vertical padding) at a stride above 1.
CGK_INLINE int is_strided_row(const cgk_conv_shape *s) {
    return s->height == 1 && s->kernelH == 1 && s->padTop == 0 && s->outHeight == 1 && s->strideW > 1;
}

/// `strided_row_pass` with its phases and the taps' run offsets made for the call.
CGK_INLINE void strided_rows(const cgk_conv_shape *s, long first, long last, float *x, float *cols, int gather) {
    const long sW = s->strideW, wp = s->outWidth + (s->kernelW - 1) * s->dilationW / sW;
    float *phases = malloc((size_t)(sW * wp) * sizeof(float));
    long *runs = malloc((size_t)s->kernelW * sizeof(long));
    for (long j = 0; j < s->kernelW; j++) runs[j] = (j * s->dilationW % sW) * wp + j * s->dilationW / sW;
    strided_row_pass(s, first, last, x, cols, phases, runs, gather);
    free(runs);
    free(phases);
}

CGK_INLINE void im2col_body(const cgk_conv_shape *shape, long first, long last, const float *x, float *cols) {
    if (is_strided_row(shape)) return strided_rows(shape, first, last, (float *)x, cols, 1);
    columns_pass(shape, first, last, (float *)x, cols, 1);
}

CGK_INLINE void col2im_body(const cgk_conv_shape *shape, long first, long last, const float *cols, float *dx) {
    if (is_strided_row(shape)) return strided_rows(shape, first, last, dx, (float *)cols, 0);
    const long sample = shape->channels * shape->height * shape->width;
    memset(dx + first * sample, 0, (size_t)((last - first) * sample) * sizeof(float));
    columns_pass(shape, first, last, dx, (float *)cols, 0);
}

DISPATCH(im2col, (const cgk_conv_shape *shape, long first, long last, const float *x, float *cols),
         (shape, first, last, x, cols))
DISPATCH(col2im, (const cgk_conv_shape *shape, long first, long last, const float *cols, float *dx),
         (shape, first, last, cols, dx))

void cgk_swap_outer(long outer, long middle, long inner, long first, long last, const float *x, float *y) {
    for (long o = first; o < last; o++)
        for (long m = 0; m < middle; m++)
            memcpy(y + (m * outer + o) * inner, x + (o * middle + m) * inner, (size_t)inner * sizeof(float));
}
