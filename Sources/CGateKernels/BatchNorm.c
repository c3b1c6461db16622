#include "CGateKernels.h"
#include "KernelSupport.h"

#include <stddef.h>

/// Element `(b, c, n)` of a `[B, C, N]` tensor.
#define AT(p, b, c, n) (p)[((b) * channels + (c)) * inner + (n)]

/// Partial sums per lane: each reduction below keeps `LANES` double accumulators (lane
/// `n mod LANES` of every row) and adds them up at the end, so the sums vectorise and do
/// not wait on one add chain. The order is fixed by the shape alone (not by the kernel
/// path or the thread count).
#define LANES 8

/// Runs `BODY` with `l = n mod LANES` for every `n < inner`, whole groups of `LANES` first
/// (an inner loop of fixed length that the compiler vectorises), then the tail.
#define FOR_LANES(inner, BODY)                                                   \
    {                                                                            \
        long n = 0;                                                              \
        for (; n + LANES <= (inner); n += LANES)                                 \
            for (long l = 0; l < LANES; l++) { BODY }                            \
        for (long l = 0; n + l < (inner); l++) { BODY }                          \
    }

/// `Σ_lanes acc`, in a fixed pairwise order.
CGK_INLINE double lane_total(const double *acc) {
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

CGK_INLINE void batchnorm_statistics_body(long batch, long channels, long inner, long first,
                                          long last, const float *x, float *mean,
                                          float *variance) {
    const double count = (double)(batch * inner);
    for (long c = first; c < last; c++) {
        double acc[LANES] = {0};
        for (long b = 0; b < batch; b++) FOR_LANES(inner, acc[l] += AT(x, b, c, n + l);)
        const double m = lane_total(acc) / count;
        double squares[LANES] = {0};
        for (long b = 0; b < batch; b++)
            FOR_LANES(inner, {
                const double d = AT(x, b, c, n + l) - m;
                squares[l] += d * d;
            })
        mean[c] = (float)m;
        variance[c] = (float)(lane_total(squares) / count);
    }
}

CGK_INLINE void batchnorm_forward_body(long batch, long channels, long inner, long first,
                                       long last, const float *x, const float *mean,
                                       const float *invStd, const float *weight,
                                       const float *bias, float *y) {
    for (long b = 0; b < batch; b++)
        for (long c = first; c < last; c++) {
            const float scale = weight[c] * invStd[c], shift = bias[c] - mean[c] * scale;
            for (long n = 0; n < inner; n++) AT(y, b, c, n) = AT(x, b, c, n) * scale + shift;
        }
}

CGK_INLINE void batchnorm_backward_body(int batchStatistics, long batch, long channels,
                                        long inner, long first, long last, const float *x,
                                        const float *dy, const float *mean, const float *invStd,
                                        const float *weight, float *dx, float *dWeight,
                                        float *dBias) {
    const double count = (double)(batch * inner);
    for (long c = first; c < last; c++) {
        const double m = mean[c], s = invStd[c];
        double dys[LANES] = {0}, dyXhats[LANES] = {0};
        for (long b = 0; b < batch; b++)
            FOR_LANES(inner, {
                const double g = AT(dy, b, c, n + l);
                dys[l] += g;
                dyXhats[l] += g * (AT(x, b, c, n + l) - m) * s;
            })
        const double sumDy = lane_total(dys), sumDyXhat = lane_total(dyXhats);
        dWeight[c] += (float)sumDyXhat;
        dBias[c] += (float)sumDy;
        if (dx == NULL) continue;
        const float scale = weight[c] * invStd[c];
        const float meanDy = batchStatistics ? (float)(sumDy / count) : 0;
        const float meanDyXhat = batchStatistics ? (float)(sumDyXhat / count) : 0;
        const float mc = mean[c], sc = invStd[c];
        for (long b = 0; b < batch; b++)
            for (long n = 0; n < inner; n++) {
                const float xhat = (AT(x, b, c, n) - mc) * sc;
                AT(dx, b, c, n) = scale * (AT(dy, b, c, n) - meanDy - xhat * meanDyXhat);
            }
    }
}

DISPATCH(batchnorm_statistics,
         (long batch, long channels, long inner, long first, long last, const float *x,
          float *mean, float *variance),
         (batch, channels, inner, first, last, x, mean, variance))
DISPATCH(batchnorm_forward,
         (long batch, long channels, long inner, long first, long last, const float *x,
          const float *mean, const float *invStd, const float *weight, const float *bias,
          float *y),
         (batch, channels, inner, first, last, x, mean, invStd, weight, bias, y))
DISPATCH(batchnorm_backward,
         (int batchStatistics, long batch, long channels, long inner, long first, long last,
          const float *x, const float *dy, const float *mean, const float *invStd,
          const float *weight, float *dx, float *dWeight, float *dBias),
         (batchStatistics, batch, channels, inner, first, last, x, dy, mean, invStd, weight, dx,
          dWeight, dBias))
