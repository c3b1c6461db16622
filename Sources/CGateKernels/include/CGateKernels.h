#ifndef CGATEKERNELS_H
#define CGATEKERNELS_H

/// Fused element-wise LSTM gate passes of one time step, in C so that x86-64 builds can
/// run them as AVX2/FMA code (chosen at run time with `__builtin_cpu_supports`) while the
/// package itself targets baseline x86-64. Other CPUs, and x86-64 CPUs without AVX2/FMA,
/// run the same source compiled for the baseline instruction set.
///
/// Row-major step slices: gates `[B, 4·H]` in the order i, f, g, o (gate block `k` of row
/// `b` starts at `b·4·H + k·H`), states `[B, H]`. Transcendentals: `eˣ` by Cody–Waite
/// reduction and the degree-6 Cephes `expf` polynomial (relative error ≲ 3e-7 on
/// `[−87, 88]`), `σ(x) = 1/(1 + e^{−x})`, `tanh` by the Cephes odd polynomial for
/// `|x| < 0.625` and `sign(x)·(1 − 2/(e^{2|x|} + 1))` elsewhere.

/// LSTM forward step: on entry `gates` holds the pre-activations
/// `W_ih x + b_ih + W_hh h + b_hh`; on exit the activations `i, f, g, o`.
/// `c' = f ⊙ c + i ⊙ g` → `cNext`, `tanh(c')` → `tanhC`, `h' = o ⊙ tanh(c')` → `hNext`
/// (all `[B, H]`; `cPrev` is `c`).
void cgk_lstm_forward(long batch, long hidden, float *gates, const float *cPrev,
                      float *cNext, float *tanhC, float *hNext);

/// LSTM backward step. `gates` holds the forward activations `[B, 4·H]`, `tanhC` `tanh(c')`,
/// `cPrev` `c`; `dh` `∂L/∂h'` through the recurrence, `dOut` (row stride `dOutStride`) this
/// step's output gradient, `dc` `∂L/∂c'` (updated in place to `dc ⊙ f`, i.e. `∂L/∂c`).
/// With `dc' = dc + dh' ⊙ o ⊙ (1 − tanh²c')`, writes `dGates` `[B, 4·H]`:
/// `[dc'⊙g⊙i(1−i), dc'⊙c⊙f(1−f), dc'⊙i⊙(1−g²), dh'⊙tanh c'⊙o(1−o)]`.
void cgk_lstm_backward(long batch, long hidden, const float *gates, const float *tanhC,
                       const float *cPrev, const float *dOut, long dOutStride,
                       const float *dh, float *dc, float *dGates);

#endif
