#include "CGateKernels.h"
#include "KernelSupport.h"

#include <stddef.h>

/// Element `(b, c, n)` of a `[B, C, N]` tensor.
#define AT(p, b, c, n) (p)[((b) * channels + (c)) * inner + (n)]

CGK_INLINE void batchnorm_statistics_body(long batch, long channels, long inner,
                                          const float *x, float *mean, float *variance) {
    const double count = (double)(batch * inner);
    for (long c = 0; c < channels; c++) {
        double sum = 0;
        for (long b = 0; b < batch; b++)
            for (long n = 0; n < inner; n++) sum += AT(x, b, c, n);
        const double m = sum / count;
        double squares = 0;
        for (long b = 0; b < batch; b++)
            for (long n = 0; n < inner; n++) {
                const double d = AT(x, b, c, n) - m;
                squares += d * d;
            }
        mean[c] = (float)m;
        variance[c] = (float)(squares / count);
    }
}

CGK_INLINE void batchnorm_forward_body(long batch, long channels, long inner, const float *x,
                                       const float *mean, const float *invStd,
                                       const float *weight, const float *bias, float *y) {
    for (long b = 0; b < batch; b++)
        for (long c = 0; c < channels; c++) {
            const float scale = weight[c] * invStd[c], shift = bias[c] - mean[c] * scale;
            for (long n = 0; n < inner; n++) AT(y, b, c, n) = AT(x, b, c, n) * scale + shift;
        }
}

CGK_INLINE void batchnorm_backward_body(int batchStatistics, long batch, long channels,
                                        long inner, const float *x, const float *dy,
                                        const float *mean, const float *invStd,
                                        const float *weight, float *dx, float *dWeight,
                                        float *dBias) {
    const double count = (double)(batch * inner);
    for (long c = 0; c < channels; c++) {
        const double m = mean[c], s = invStd[c];
        double sumDy = 0, sumDyXhat = 0;
        for (long b = 0; b < batch; b++)
            for (long n = 0; n < inner; n++) {
                const double g = AT(dy, b, c, n);
                sumDy += g;
                sumDyXhat += g * (AT(x, b, c, n) - m) * s;
            }
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
         (long batch, long channels, long inner, const float *x, float *mean, float *variance),
         (batch, channels, inner, x, mean, variance))
DISPATCH(batchnorm_forward,
         (long batch, long channels, long inner, const float *x, const float *mean,
          const float *invStd, const float *weight, const float *bias, float *y),
         (batch, channels, inner, x, mean, invStd, weight, bias, y))
DISPATCH(batchnorm_backward,
         (int batchStatistics, long batch, long channels, long inner, const float *x,
          const float *dy, const float *mean, const float *invStd, const float *weight,
          float *dx, float *dWeight, float *dBias),
         (batchStatistics, batch, channels, inner, x, dy, mean, invStd, weight, dx, dWeight,
          dBias))
