#include "CGateKernels.h"
#include "KernelSupport.h"

/// One Adam step over `count` parameters, `N` lanes at a time (a partial last vector).
#define ADAM_BODY(N)                                                                      \
    long full = count & ~(long)(N - 1);                                                   \
    for (long i = 0; i < count; i += N) {                                                 \
        long n = i < full ? N : count - full;                                             \
        v##N##f theta = load##N(p + i, n) * shrink;                                       \
        v##N##f grad = load##N(g + i, n) + coupled * theta;                               \
        v##N##f first = beta1 * load##N(m + i, n) + (1.0f - beta1) * grad;                \
        v##N##f second = beta2 * load##N(v + i, n) + (1.0f - beta2) * grad * grad;        \
        theta -= stepSize * first / (__builtin_elementwise_sqrt(second) / sqrtCorrection2 + epsilon); \
        store##N(theta, p + i, n);                                                        \
        store##N(first, m + i, n);                                                        \
        store##N(second, v + i, n);                                                       \
    }

CGK_INLINE void adam_update_body8(long count, float *p, const float *g, float *m, float *v, float shrink,
                                  float coupled, float beta1, float beta2, float stepSize, float sqrtCorrection2,
                                  float epsilon) {
    ADAM_BODY(8)
}

#if defined(__x86_64__)
CGK_AVX512 CGK_INLINE void adam_update_body16(long count, float *p, const float *g, float *m, float *v, float shrink,
                                              float coupled, float beta1, float beta2, float stepSize,
                                              float sqrtCorrection2, float epsilon) {
    ADAM_BODY(16)
}
#endif

DISPATCH_LANES(adam_update, (count, p, g, m, v, shrink, coupled, beta1, beta2, stepSize, sqrtCorrection2, epsilon),
               long count, float *p, const float *g, float *m, float *v, float shrink, float coupled, float beta1,
               float beta2, float stepSize, float sqrtCorrection2, float epsilon)
