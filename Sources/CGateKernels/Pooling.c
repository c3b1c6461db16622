#include "CGateKernels.h"
#include "KernelSupport.h"

#include <math.h>
#include <string.h>

/// One pooling window `(oh, ow)`: the rows `[h0, h1)` and columns `[w0, w1)` it covers inside
/// the image, and `padded`, the size of the window clipped to the padded image (PyTorch's
/// `count_include_pad` divisor, which differs from `kernelH·kernelW` only for a ceil-mode
/// window running past the padding).
typedef struct {
    long h0, h1, w0, w1, padded;
} pool_window;

CGK_INLINE pool_window window_at(const cgk_pool_shape *s, long oh, long ow) {
    long h0 = oh * s->strideH - s->padTop, w0 = ow * s->strideW - s->padLeft;
    long h1 = h0 + s->kernelH, w1 = w0 + s->kernelW;
    if (h1 > s->height + s->padTop) h1 = s->height + s->padTop;
    if (w1 > s->width + s->padLeft) w1 = s->width + s->padLeft;
    pool_window r = {h0, h1, w0, w1, (h1 - h0) * (w1 - w0)};
    if (r.h0 < 0) r.h0 = 0;
    if (r.w0 < 0) r.w0 = 0;
    if (r.h1 > s->height) r.h1 = s->height;
    if (r.w1 > s->width) r.w1 = s->width;
    return r;
}

/// The divisor of an average window.
CGK_INLINE float divisor(pool_window r, int countIncludePad) {
    return (float)(countIncludePad ? r.padded : (r.h1 - r.h0) * (r.w1 - r.w0));
}

/// Runs `BODY` for every plane `p` and output position `o = oh·outW + ow` with its window `r`
/// and the plane offsets `in = p·H·W`, `out = p·outH·outW`.
#define FOR_EACH_WINDOW(s, BODY)                                                 \
    for (long p = 0; p < (s)->planes; p++) {                                     \
        const long in = p * (s)->height * (s)->width;                            \
        const long out = p * (s)->outHeight * (s)->outWidth;                     \
        for (long oh = 0; oh < (s)->outHeight; oh++) {                           \
            for (long ow = 0; ow < (s)->outWidth; ow++) {                        \
                const long o = oh * (s)->outWidth + ow;                          \
                const pool_window r = window_at((s), oh, ow);                    \
                BODY                                                             \
            }                                                                    \
        }                                                                        \
    }

/// Whether every window lies inside the image (no padding, no ceil-mode overhang), so the
/// windows need no clipping: the common `kernel = stride` pooling of a CNN.
CGK_INLINE int windows_inside(const cgk_pool_shape *s) {
    return s->padTop == 0 && s->padLeft == 0 &&
           (s->outHeight - 1) * s->strideH + s->kernelH <= s->height &&
           (s->outWidth - 1) * s->strideW + s->kernelW <= s->width;
}

/// The maximum of the window at `x + start` (rows `width` apart) and its flat position
/// (`start` plus the offset of the winner), by the rule of the type's comment: the first
/// maximum in row-major order, a NaN taken as the maximum.
CGK_INLINE float window_max(const float *x, long start, long width, long kernelH, long kernelW,
                            long *index) {
    float best = -INFINITY;
    *index = start;
    for (long i = 0; i < kernelH; i++) {
        for (long j = 0; j < kernelW; j++) {
            const float v = x[start + i * width + j];
            if (v > best || isnan(v)) {
                best = v;
                *index = start + i * width + j;
            }
        }
    }
    return best;
}

/// Max pooling when `windows_inside`: no window is clipped, so the window bounds are plain
/// strides; `kernelH`, `kernelW` are constants at the 2 × 2 call site.
CGK_INLINE void max_pool_inside(const cgk_pool_shape *s, const float *x, float *y, int *indices,
                                long kernelH, long kernelW) {
    const long W = s->width, outW = s->outWidth;
    for (long p = 0; p < s->planes; p++) {
        const float *plane = x + p * s->height * W;
        for (long oh = 0; oh < s->outHeight; oh++) {
            const long o = (p * s->outHeight + oh) * outW;
            for (long ow = 0; ow < outW; ow++) {
                long index;
                y[o + ow] = window_max(plane, oh * s->strideH * W + ow * s->strideW, W, kernelH, kernelW, &index);
                indices[o + ow] = (int)index;
            }
        }
    }
}

/// One step of the window rule on eight windows at once: lanes where `v` (at `position`)
/// is greater than `best`, or NaN, take it.
#define TAKE_IF_GREATER8(v, position)                                            \
    {                                                                            \
        const v8i take = ((v) > best) | ((v) != (v));                            \
        best = select8(take, (v), best);                                         \
        index = ((position) & take) | (index & ~take);                           \
    }

/// The even (`EVEN`) or odd lanes of the sixteen floats `a`, `b`.
#define EVEN8(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14)
#define ODD8(a, b) __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15)

/// 2 × 2 windows at stride 2, inside the image (LeNet's pooling): eight windows of a row
/// pair at a time (the two rows' sixteen floats split into even and odd columns; a partial
/// group at the row's end loads and stores only its own lanes). The window rule sees the
/// same values in the same order as `window_max` (top left, top right, bottom left, bottom
/// right), so the results are the same.
CGK_INLINE void max_pool_2x2_stride2(const cgk_pool_shape *s, const float *x, float *y,
                                     int *indices) {
    const long W = s->width, outW = s->outWidth;
    const v8i lanes = {0, 2, 4, 6, 8, 10, 12, 14};
    for (long p = 0; p < s->planes; p++) {
        const float *plane = x + p * s->height * W;
        for (long oh = 0; oh < s->outHeight; oh++) {
            const long o = (p * s->outHeight + oh) * outW, top = 2 * oh * W;
            const float *r0 = plane + top, *r1 = r0 + W;
            for (long ow = 0; ow < outW; ow += 8) {
                const long n = outW - ow < 8 ? outW - ow : 8;
                const long low = 2 * n < 8 ? 2 * n : 8, high = 2 * n - low;
                const v8f t0 = load8(r0 + 2 * ow, low), t1 = load8(r0 + 2 * ow + 8, high);
                const v8f b0 = load8(r1 + 2 * ow, low), b1 = load8(r1 + 2 * ow + 8, high);
                const v8i start = lanes + (int)(top + 2 * ow);
                v8f best = EVEN8(t0, t1);
                v8i index = start;
                const v8f topRight = ODD8(t0, t1), bottomLeft = EVEN8(b0, b1), bottomRight = ODD8(b0, b1);
                TAKE_IF_GREATER8(topRight, start + 1)
                TAKE_IF_GREATER8(bottomLeft, start + (int)W)
                TAKE_IF_GREATER8(bottomRight, start + (int)W + 1)
                store8(best, y + o + ow, n);
                for (long k = 0; k < n; k++) indices[o + ow + k] = index[k];
            }
        }
    }
}

CGK_INLINE void max_pool_forward_body(const cgk_pool_shape *s, const float *x, float *y,
                                      int *indices) {
    if (windows_inside(s)) {
        if (s->kernelH == 2 && s->kernelW == 2 && s->strideH == 2 && s->strideW == 2)
            max_pool_2x2_stride2(s, x, y, indices);
        else if (s->kernelH == 2 && s->kernelW == 2)
            max_pool_inside(s, x, y, indices, 2, 2);
        else if (s->kernelH == 1 && s->kernelW == 2)
            max_pool_inside(s, x, y, indices, 1, 2);
        else
            max_pool_inside(s, x, y, indices, s->kernelH, s->kernelW);
        return;
    }
    FOR_EACH_WINDOW(s, {
        long index;
        const float best = window_max(x + in, r.h0 * s->width + r.w0, s->width, r.h1 - r.h0, r.w1 - r.w0, &index);
        y[out + o] = best;
        indices[out + o] = (int)index;
    })
}

void cgk_max_pool_backward(const cgk_pool_shape *s, const float *dy, const int *indices,
                           float *dx) {
    const long plane = s->height * s->width, outPlane = s->outHeight * s->outWidth;
    memset(dx, 0, (size_t)(s->planes * plane) * sizeof(float));
    for (long p = 0; p < s->planes; p++)
        for (long o = 0; o < outPlane; o++)
            dx[p * plane + indices[p * outPlane + o]] += dy[p * outPlane + o];
}

CGK_INLINE void avg_pool_forward_body(const cgk_pool_shape *s, int countIncludePad,
                                      const float *x, float *y) {
    FOR_EACH_WINDOW(s, {
        float sum = 0;
        for (long ih = r.h0; ih < r.h1; ih++)
            for (long iw = r.w0; iw < r.w1; iw++) sum += x[in + ih * s->width + iw];
        y[out + o] = sum / divisor(r, countIncludePad);
    })
}

CGK_INLINE void avg_pool_backward_body(const cgk_pool_shape *s, int countIncludePad,
                                       const float *dy, float *dx) {
    memset(dx, 0, (size_t)(s->planes * s->height * s->width) * sizeof(float));
    FOR_EACH_WINDOW(s, {
        const float g = dy[out + o] / divisor(r, countIncludePad);
        for (long ih = r.h0; ih < r.h1; ih++)
            for (long iw = r.w0; iw < r.w1; iw++) dx[in + ih * s->width + iw] += g;
    })
}

DISPATCH(max_pool_forward, (const cgk_pool_shape *shape, const float *x, float *y, int *indices),
         (shape, x, y, indices))
DISPATCH(avg_pool_forward, (const cgk_pool_shape *shape, int countIncludePad, const float *x, float *y),
         (shape, countIncludePad, x, y))
DISPATCH(avg_pool_backward,
         (const cgk_pool_shape *shape, int countIncludePad, const float *dy, float *dx),
         (shape, countIncludePad, dy, dx))
