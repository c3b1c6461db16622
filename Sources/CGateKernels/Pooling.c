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

CGK_INLINE void max_pool_forward_body(const cgk_pool_shape *s, const float *x, float *y,
                                      int *indices) {
    FOR_EACH_WINDOW(s, {
        float best = -INFINITY;
        long index = r.h0 * s->width + r.w0;
        for (long ih = r.h0; ih < r.h1; ih++) {
            for (long iw = r.w0; iw < r.w1; iw++) {
                const float v = x[in + ih * s->width + iw];
                if (v > best || isnan(v)) {
                    best = v;
                    index = ih * s->width + iw;
                }
            }
        }
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
