#include "CGateKernels.h"
#include "KernelSupport.h"

CGK_INLINE void lstm_forward_body(long batch, long hidden, float *gates, const float *cPrev,
                                  float *cNext, float *tanhC, float *hNext) {
    FOR_EACH_LANE(batch, hidden, {
        float *g = gates + b * 4 * hidden + j;
        long at = b * hidden + j;
        v8f i = sigmoid8(load8(g, n));
        v8f f = sigmoid8(load8(g + hidden, n));
        v8f cand = tanh8(load8(g + 2 * hidden, n));
        v8f o = sigmoid8(load8(g + 3 * hidden, n));
        v8f c = f * load8(cPrev + at, n) + i * cand;
        v8f tc = tanh8(c);
        store8(i, g, n);
        store8(f, g + hidden, n);
        store8(cand, g + 2 * hidden, n);
        store8(o, g + 3 * hidden, n);
        store8(c, cNext + at, n);
        store8(tc, tanhC + at, n);
        store8(o * tc, hNext + at, n);
    })
}

CGK_INLINE void lstm_backward_body(long batch, long hidden, const float *gates, const float *tanhC,
                                   const float *cPrev, const float *dOut, long dOutStride,
                                   const float *dh, float *dc, float *dGates) {
    FOR_EACH_LANE(batch, hidden, {
        const float *g = gates + b * 4 * hidden + j;
        v8f i = load8(g, n), f = load8(g + hidden, n);
        v8f cand = load8(g + 2 * hidden, n), o = load8(g + 3 * hidden, n);
        long at = b * hidden + j;
        v8f dhNext = load8(dOut + b * dOutStride + j, n) + load8(dh + at, n);
        v8f tc = load8(tanhC + at, n);
        v8f dcNext = load8(dc + at, n) + dhNext * o * (1.0f - tc * tc);
        store8(dcNext * f, dc + at, n);
        float *dg = dGates + b * 4 * hidden + j;
        store8(dcNext * cand * i * (1.0f - i), dg, n);
        store8(dcNext * load8(cPrev + at, n) * f * (1.0f - f), dg + hidden, n);
        store8(dcNext * i * (1.0f - cand * cand), dg + 2 * hidden, n);
        store8(dhNext * tc * o * (1.0f - o), dg + 3 * hidden, n);
    })
}

DISPATCH(lstm_forward,
         (long batch, long hidden, float *gates, const float *cPrev, float *cNext, float *tanhC,
          float *hNext),
         (batch, hidden, gates, cPrev, cNext, tanhC, hNext))

DISPATCH(lstm_backward,
         (long batch, long hidden, const float *gates, const float *tanhC, const float *cPrev,
          const float *dOut, long dOutStride, const float *dh, float *dc, float *dGates),
         (batch, hidden, gates, tanhC, cPrev, dOut, dOutStride, dh, dc, dGates))
