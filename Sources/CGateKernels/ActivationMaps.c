#include "CGateKernels.h"
#include "KernelSupport.h"

/// `y[i] = f(x[i])` for `i < count`, `N` lanes at a time (a partial last vector for the tail).
#define MAP_BODY(F, N)                                                              \
    long full = count & ~(long)(N - 1), i = 0;                                     \
    for (; i < full; i += N) store##N(F##N(load##N(x + i, N)), y + i, N);          \
    if (full < count) store##N(F##N(load##N(x + full, count - full)), y + full, count - full);

CGK_INLINE void exp_body8(const float *x, float *y, long count) { MAP_BODY(exp, 8) }
CGK_INLINE void sigmoid_body8(const float *x, float *y, long count) { MAP_BODY(sigmoid, 8) }
CGK_INLINE void tanh_body8(const float *x, float *y, long count) { MAP_BODY(tanh, 8) }

#if defined(__x86_64__)
CGK_AVX512 CGK_INLINE void exp_body16(const float *x, float *y, long count) { MAP_BODY(exp, 16) }
CGK_AVX512 CGK_INLINE void sigmoid_body16(const float *x, float *y, long count) { MAP_BODY(sigmoid, 16) }
CGK_AVX512 CGK_INLINE void tanh_body16(const float *x, float *y, long count) { MAP_BODY(tanh, 16) }
#endif

DISPATCH_LANES(exp, (x, y, count), const float *x, float *y, long count)
DISPATCH_LANES(sigmoid, (x, y, count), const float *x, float *y, long count)
DISPATCH_LANES(tanh, (x, y, count), const float *x, float *y, long count)
