#include "CGateKernels.h"
#include "KernelSupport.h"

CGK_INLINE void adam_update_body(long count, float *p, const float *g, float *m, float *v,
                                 float shrink, float coupled, float beta1, float beta2,
                                 float stepSize, float sqrtCorrection2, float epsilon) {
    long full = count & ~7L;
    for (long i = 0; i < count; i += 8) {
        long n = i < full ? 8 : count - full;
        v8f theta = load8(p + i, n) * shrink;
        v8f grad = load8(g + i, n) + coupled * theta;
        v8f first = beta1 * load8(m + i, n) + (1.0f - beta1) * grad;
        v8f second = beta2 * load8(v + i, n) + (1.0f - beta2) * grad * grad;
        theta -= stepSize * first / (__builtin_elementwise_sqrt(second) / sqrtCorrection2 + epsilon);
        store8(theta, p + i, n);
        store8(first, m + i, n);
        store8(second, v + i, n);
    }
}

DISPATCH(adam_update,
         (long count, float *p, const float *g, float *m, float *v, float shrink, float coupled,
          float beta1, float beta2, float stepSize, float sqrtCorrection2, float epsilon),
         (count, p, g, m, v, shrink, coupled, beta1, beta2, stepSize, sqrtCorrection2, epsilon))
