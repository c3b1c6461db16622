#include "CGateKernels.h"
#include "KernelSupport.h"

CGK_INLINE void gru_forward_body(long batch, long hidden, float *gates, const float *hProj,
                                 const float *biasHH, const float *hPrev, float *hn, float *hNext) {
    FOR_EACH_LANE(batch, hidden, {
        float *g = gates + b * 3 * hidden + j;
        const float *p = hProj + b * 3 * hidden + j;
        const float *bias = biasHH + j;
        v8f r = sigmoid8(load8(g, n) + load8(p, n) + load8(bias, n));
        v8f z = sigmoid8(load8(g + hidden, n) + load8(p + hidden, n) + load8(bias + hidden, n));
        v8f recurrent = load8(p + 2 * hidden, n) + load8(bias + 2 * hidden, n);
        v8f cand = tanh8(load8(g + 2 * hidden, n) + r * recurrent);
        store8(r, g, n);
        store8(z, g + hidden, n);
        store8(cand, g + 2 * hidden, n);
        long at = b * hidden + j;
        store8(recurrent, hn + at, n);
        store8(cand + z * (load8(hPrev + at, n) - cand), hNext + at, n);
    })
}

CGK_INLINE void gru_backward_body(long batch, long hidden, const float *gates, const float *hPrev,
                                  const float *hn, const float *dOut, long dOutStride, float *dh,
                                  float *dGatesH, float *dGatesX) {
    FOR_EACH_LANE(batch, hidden, {
        const float *g = gates + b * 3 * hidden + j;
        v8f r = load8(g, n), z = load8(g + hidden, n), cand = load8(g + 2 * hidden, n);
        long at = b * hidden + j;
        v8f dhNext = load8(dOut + b * dOutStride + j, n) + load8(dh + at, n);
        store8(dhNext * z, dh + at, n);
        v8f dn = dhNext * (1.0f - z) * (1.0f - cand * cand);
        v8f dz = dhNext * (load8(hPrev + at, n) - cand) * z * (1.0f - z);
        v8f dr = dn * load8(hn + at, n) * r * (1.0f - r);
        long offset = b * 3 * hidden + j;
        store8(dr, dGatesH + offset, n);
        store8(dz, dGatesH + offset + hidden, n);
        store8(dn * r, dGatesH + offset + 2 * hidden, n);
        store8(dr, dGatesX + offset, n);
        store8(dz, dGatesX + offset + hidden, n);
        store8(dn, dGatesX + offset + 2 * hidden, n);
    })
}

DISPATCH(gru_forward,
         (long batch, long hidden, float *gates, const float *hProj, const float *biasHH,
          const float *hPrev, float *hn, float *hNext),
         (batch, hidden, gates, hProj, biasHH, hPrev, hn, hNext))

DISPATCH(gru_backward,
         (long batch, long hidden, const float *gates, const float *hPrev, const float *hn,
          const float *dOut, long dOutStride, float *dh, float *dGatesH, float *dGatesX),
         (batch, hidden, gates, hPrev, hn, dOut, dOutStride, dh, dGatesH, dGatesX))
