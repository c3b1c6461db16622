#include "CGateKernels.h"
#include "KernelSupport.h"

CGK_INLINE void rnn_forward_body(int relu, long batch, long hidden, const float *gates, float *hNext) {
    FOR_EACH_LANE(batch, hidden, {
        long at = b * hidden + j;
        v8f a = load8(gates + at, n);
        store8(relu ? select8(a < 0.0f, (v8f){0}, a) : tanh8(a), hNext + at, n);
    })
}

CGK_INLINE void rnn_backward_body(int relu, long batch, long hidden, const float *hNext,
                                  const float *dOut, long dOutStride, const float *dh, float *dGates) {
    FOR_EACH_LANE(batch, hidden, {
        long at = b * hidden + j;
        v8f d = load8(dOut + b * dOutStride + j, n) + load8(dh + at, n);
        v8f h = load8(hNext + at, n);
        store8(relu ? select8(h <= 0.0f, (v8f){0}, d) : d * (1.0f - h * h), dGates + at, n);
    })
}

DISPATCH(rnn_forward,
         (int relu, long batch, long hidden, const float *gates, float *hNext),
         (relu, batch, hidden, gates, hNext))

DISPATCH(rnn_backward,
         (int relu, long batch, long hidden, const float *hNext, const float *dOut, long dOutStride,
          const float *dh, float *dGates),
         (relu, batch, hidden, hNext, dOut, dOutStride, dh, dGates))
