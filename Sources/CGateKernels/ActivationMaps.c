#include "CGateKernels.h"
#include "KernelSupport.h"

/// `y[i] = f(x[i])` for `i < count`, eight lanes at a time (a partial last vector for the tail).
#define MAP_BODY(F)                                                            \
    long full = count & ~7L, i = 0;                                            \
    for (; i < full; i += 8) store8(F(load8(x + i, 8)), y + i, 8);            \
    if (full < count) store8(F(load8(x + full, count - full)), y + full, count - full);

CGK_INLINE void exp_body(const float *x, float *y, long count) { MAP_BODY(exp8) }
CGK_INLINE void sigmoid_body(const float *x, float *y, long count) { MAP_BODY(sigmoid8) }
CGK_INLINE void tanh_body(const float *x, float *y, long count) { MAP_BODY(tanh8) }

DISPATCH(exp, (const float *x, float *y, long count), (x, y, count))
DISPATCH(sigmoid, (const float *x, float *y, long count), (x, y, count))
DISPATCH(tanh, (const float *x, float *y, long count), (x, y, count))
