#include "CGateKernels.h"
#include "KernelSupport.h"

CGK_INLINE void narrow_projection_body(long rows, long features, long width, const float *x,
                                       const float *weightT, const float *bias, float *gates) {
    FOR_EACH_LANE(rows, width, {
        v8f acc = load8(bias + j, n);
        for (long f = 0; f < features; f++) acc += x[b * features + f] * load8(weightT + f * width + j, n);
        store8(acc, gates + b * width + j, n);
    })
}

/// The column sums of `gradient_sums` with the feature count `F` a constant, so that the
/// `F + 1` accumulators of a column group stay in registers.
CGK_INLINE void gradient_sums_fixed(const long F, long rows, long width, const float *dGates,
                                    const float *x, float *dBias, float *dWeightT) {
    long full = width & ~7L;
    for (long j = 0; j < width; j += 8) {
        long n = j < full ? 8 : width - full;
        v8f bias = load8(dBias + j, n);
        v8f weight[CGK_NARROW_FEATURES];
        for (long f = 0; f < F; f++) weight[f] = load8(dWeightT + f * width + j, n);
        for (long r = 0; r < rows; r++) {
            v8f d = load8(dGates + r * width + j, n);
            bias += d;
            for (long f = 0; f < F; f++) weight[f] += x[r * F + f] * d;
        }
        store8(bias, dBias + j, n);
        for (long f = 0; f < F; f++) store8(weight[f], dWeightT + f * width + j, n);
    }
}

CGK_INLINE void gradient_sums_body(long rows, long features, long width, const float *dGates,
                                   const float *x, float *dBias, float *dWeightT) {
    switch (features) {
    case 0: gradient_sums_fixed(0, rows, width, dGates, x, dBias, dWeightT); break;
    case 1: gradient_sums_fixed(1, rows, width, dGates, x, dBias, dWeightT); break;
    case 2: gradient_sums_fixed(2, rows, width, dGates, x, dBias, dWeightT); break;
    case 3: gradient_sums_fixed(3, rows, width, dGates, x, dBias, dWeightT); break;
    default: gradient_sums_fixed(4, rows, width, dGates, x, dBias, dWeightT); break;
    }
}

DISPATCH(narrow_projection,
         (long rows, long features, long width, const float *x, const float *weightT,
          const float *bias, float *gates),
         (rows, features, width, x, weightT, bias, gates))

DISPATCH(gradient_sums,
         (long rows, long features, long width, const float *dGates, const float *x, float *dBias,
          float *dWeightT),
         (rows, features, width, dGates, x, dBias, dWeightT))
