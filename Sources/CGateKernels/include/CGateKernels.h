#ifndef CGATEKERNELS_H
#define CGATEKERNELS_H

/// Fused element-wise gate passes of one recurrent time step (Elman RNN, LSTM, GRU), the
/// narrow-input projection and gradient sums around them, and the Adam update, in C
/// so that x86-64 builds run them as AVX2/FMA code (chosen at run time by `cgk_kernel_path`)
/// while the package itself targets baseline x86-64. Other CPUs, x86-64 CPUs without
/// AVX2/FMA and `TSFORECAST_KERNELS=baseline` run the same source compiled for the baseline
/// instruction set; there is no second (Swift) implementation.
///
/// Row-major step slices: gates `[B, G·H]` (gate block `k` of row `b` starts at
/// `b·G·H + k·H`; LSTM i, f, g, o; GRU r, z, n), states `[B, H]`. The matrix products
/// around them (`W_hh h`, `dGates·W_hh`) are the sequence driver's GEMMs. Backward passes
/// take `dh` = `∂L/∂h'` through the recurrence plus `dOut` (row stride `dOutStride`), this
/// step's output gradient, and write `dGates` = `∂L/∂(pre-activations)`.
///
/// Transcendentals: `eˣ` by Cody–Waite reduction and the degree-6 Cephes `expf` polynomial
/// (relative error ≲ 3e-7 on `[−87, 88]`), `σ(x) = 1/(1 + e^{−x})`, `tanh` by the Cephes
/// odd polynomial for `|x| < 0.625` and `sign(x)·(1 − 2/(e^{2|x|} + 1))` elsewhere (the
/// `TSTensor.Kernels.exp`, `sigmoid` and `tanh` call the array maps below, so this is the
/// one definition of each in the package).

/// The instruction-set paths of the kernels below, lowest first. `CGK_PATH_AVX2` runs the
/// element-wise kernels as AVX2/FMA code; `CGK_PATH_AVX512` adds the AVX-512F step products
/// of `cgk_small_gemm`, the direct convolutions, and the maps (`cgk_exp`, `cgk_sigmoid`,
/// `cgk_tanh`) and `cgk_adam_update` 16 lanes at a time (the same operations per element as
/// 8 lanes on the AVX2 path, so the same bits); `CGK_PATH_BASELINE` runs the same C sources
/// compiled for the baseline instruction set (plain C on every architecture; SSE2 on
/// x86-64) and leaves every matrix product to BLAS.
enum { CGK_PATH_BASELINE = 0, CGK_PATH_AVX2 = 1, CGK_PATH_AVX512 = 2 };

/// The best path this CPU supports (`CGK_PATH_BASELINE` on non-x86-64 builds).
int cgk_supported_path(void);

/// The path every kernel dispatches to, chosen once per process: the environment variable
/// `TSFORECAST_KERNELS` = `auto` (or unset) picks `cgk_supported_path()`; `baseline`, `avx2`
/// or `avx512` forces that path when the CPU supports it. A path the CPU lacks, or an
/// unknown value, prints one line on standard error and falls back to the supported path,
/// so no kernel ever executes an instruction the CPU lacks.
int cgk_kernel_path(void);

/// `"baseline"`, `"avx2"` or `"avx512"` for a path (`"unknown"` otherwise).
const char *cgk_path_name(int path);

/// `y[i] = e^{x[i]}` for `i < count` (`x` clamped to `[−87, 88]`); `y` may alias `x`.
void cgk_exp(const float *x, float *y, long count);

/// `y[i] = σ(x[i])` for `i < count`; `y` may alias `x`.
void cgk_sigmoid(const float *x, float *y, long count);

/// `y[i] = tanh(x[i])` for `i < count`; `y` may alias `x`.
void cgk_tanh(const float *x, float *y, long count);

/// `cgk_exp`, `cgk_sigmoid` and `cgk_tanh` on a given path (`CGK_PATH_*`); 0 (nothing
/// written) when the CPU lacks it. For tests.
int cgk_exp_on(int path, const float *x, float *y, long count);
int cgk_sigmoid_on(int path, const float *x, float *y, long count);
int cgk_tanh_on(int path, const float *x, float *y, long count);

/// LSTM forward step: on entry `gates` holds the pre-activations
/// `W_ih x + b_ih + W_hh h + b_hh`; on exit the activations `i, f, g, o`.
/// `c' = f ⊙ c + i ⊙ g` → `cNext`, `tanh(c')` → `tanhC`, `h' = o ⊙ tanh(c')` → `hNext`
/// (all `[B, H]`; `cPrev` is `c`).
void cgk_lstm_forward(long batch, long hidden, float *gates, const float *cPrev,
                      float *cNext, float *tanhC, float *hNext);

/// LSTM backward step. `gates` holds the forward activations `[B, 4·H]`, `tanhC` `tanh(c')`,
/// `cPrev` `c`, `dc` `∂L/∂c'` (updated in place to `dc ⊙ f`, i.e. `∂L/∂c`).
/// With `dc' = dc + dh' ⊙ o ⊙ (1 − tanh²c')`, writes `dGates` `[B, 4·H]`:
/// `[dc'⊙g⊙i(1−i), dc'⊙c⊙f(1−f), dc'⊙i⊙(1−g²), dh'⊙tanh c'⊙o(1−o)]`.
void cgk_lstm_backward(long batch, long hidden, const float *gates, const float *tanhC,
                       const float *cPrev, const float *dOut, long dOutStride,
                       const float *dh, float *dc, float *dGates);

/// Elman step: `h' = tanh(a)`, or `max(a, 0)` when `relu` is nonzero, with `a = gates`
/// `[B, H]` the full pre-activations `W_ih x + b_ih + W_hh h + b_hh`.
void cgk_rnn_forward(int relu, long batch, long hidden, const float *gates, float *hNext);

/// Elman backward: `dGates = dh' ⊙ (1 − h'²)` (tanh) or `dh' ⊙ [h' > 0]` (ReLU).
void cgk_rnn_backward(int relu, long batch, long hidden, const float *hNext, const float *dOut,
                      long dOutStride, const float *dh, float *dGates);

/// GRU forward step: on entry `gates` holds `W_ih x + b_ih` `[B, 3·H]`, `hProj`
/// `W_hh h` (no bias) `[B, 3·H]`, `biasHH` `b_hh` `[3·H]`. `r = σ(x_r + h_r)`,
/// `z = σ(x_z + h_z)`, `hn = W_hn h + b_hn` → `hn` (kept for backward),
/// `n = tanh(x_n + r ⊙ hn)`, `h' = n + z ⊙ (h − n)` → `hNext`; `gates` ← `[r, z, n]`.
void cgk_gru_forward(long batch, long hidden, float *gates, const float *hProj,
                     const float *biasHH, const float *hPrev, float *hn, float *hNext);

/// GRU backward: `dn = dh' ⊙ (1 − z) ⊙ (1 − n²)`, `dz = dh' ⊙ (h − n) ⊙ z(1 − z)`,
/// `dr = dn ⊙ hn ⊙ r(1 − r)`. Writes `[dr, dz, dn]` to `dGatesX` (input side) and
/// `[dr, dz, dn ⊙ r]` to `dGatesH` (recurrent side); `dh ← dh' ⊙ z` in place, the part of
/// `∂L/∂h` that bypasses `W_hh`.
void cgk_gru_backward(long batch, long hidden, const float *gates, const float *hPrev,
                      const float *hn, const float *dOut, long dOutStride, float *dh,
                      float *dGatesH, float *dGatesX);

/// The most input features a layer may have for the narrow-input kernels below (the
/// layer's `W_ih` projection and its gradient are then element-wise work, not GEMMs).
#define CGK_NARROW_FEATURES 4

/// Input projection of a narrow layer (`F ≤ CGK_NARROW_FEATURES`), rows `x [R, F]`:
/// `gates[r, :] = bias + Σ_f x[r, f] · weightT[f, :]`, with `weightT = W_ihᵀ [F, G·H]`
/// and `bias [G·H]`; `gates [R, G·H]` (`width = G·H`).
void cgk_narrow_projection(long rows, long features, long width, const float *x,
                           const float *weightT, const float *bias, float *gates);

/// Column sums of a step's gate gradients `dGates [R, G·H]`, accumulated:
/// `dBias += Σ_r dGates[r, :]` and, for `f < features ≤ CGK_NARROW_FEATURES`,
/// `dWeightT[f, :] += Σ_r x[r, f] · dGates[r, :]` (`∂L/∂W_ihᵀ` of a narrow layer; `x` and
/// `dWeightT` are not read when `features = 0`).
void cgk_gradient_sums(long rows, long features, long width, const float *dGates,
                       const float *x, float *dBias, float *dWeightT);

/// One Adam/AdamW step over `count` parameters `p` with gradients `g` and moments `m`, `v`
/// (all updated in place): `θ ← shrink·θ`, `g' = g + coupled·θ`, `m ← β₁m + (1−β₁)g'`,
/// `v ← β₂v + (1−β₂)g'²`, `θ ← θ − stepSize · m / (√v / sqrtCorrection2 + ε)` (the
/// optimizer's definitions of `shrink`, `coupled`, `stepSize` and `sqrtCorrection2`).
void cgk_adam_update(long count, float *p, const float *g, float *m, float *v, float shrink,
                     float coupled, float beta1, float beta2, float stepSize,
                     float sqrtCorrection2, float epsilon);

/// `cgk_adam_update` on a given path (`CGK_PATH_*`); 0 (nothing updated) when the CPU lacks
/// it. For tests.
int cgk_adam_update_on(int path, long count, float *p, const float *g, float *m, float *v, float shrink,
                       float coupled, float beta1, float beta2, float stepSize, float sqrtCorrection2,
                       float epsilon);

/// `C = β·C + A·B` for row-major `A [m, k]`, `B [k, n]`, `C [m, n]` (leading dimensions
/// `lda`, `ldb`, `ldc`; `C` is not read when `β = 0`), the recurrent step products, whose
/// `B` (`W_hhᵀ` or `W_hh`) is the same every step: register tiles of FMAs reading `A` and
/// `B` in place (8 × 32 with AVX-512F, 6 × 16 with AVX2/FMA), where a BLAS call packs both
/// operands on every call. Each `C[i, j]` is the FMA chain `acc = A[i,p]·B[p,j] + acc` for
/// `p = 0, 1, …, k − 1` from `acc = 0`, then `acc = β·C[i, j] + acc`, whatever the tile and
/// the path, so the result of a row does not depend on `m` and the AVX2 and AVX-512 paths
/// give the same bits. Returns 1, or 0 without touching `C` on the baseline path or when `k`
/// or `n` is below 64, where OpenBLAS's small-matrix kernels are as fast (the caller then
/// uses BLAS).
int cgk_small_gemm(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                   float beta, float *c, long ldc);

/// `cgk_small_gemm` on a given path (`CGK_PATH_*`) instead of the one in force; returns 0
/// without touching `C` when the CPU lacks that path. For tests that compare the paths.
int cgk_small_gemm_on(int path, long m, long n, long k, const float *a, long lda, const float *b,
                      long ldb, float beta, float *c, long ldc);

// MARK: Convolution, pooling and batch-norm kernels (channels-first tensors)

/// Geometry of a batched 2-D convolution of `x [B, C, H, W]` (a 1-D convolution is the
/// case `H = kernelH = 1`). Output position `(oh, ow)` with kernel tap `(i, j)` reads
/// `x[b, c, oh·strideH − padTop + i·dilationH, ow·strideW − padLeft + j·dilationW]`, zero
/// outside the image; the padding after the image is implied by `outHeight`, `outWidth`.
typedef struct {
    long batch, channels, height, width;
    long kernelH, kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft;
    long outHeight, outWidth;
} cgk_conv_shape;

/// im2col: `cols [C·kH·kW, B, outH·outW]`, row `(c·kH + i)·kW + j`, column `b·L + oh·outW + ow`
/// (`L = outH·outW`) holds the input element tap `(i, j)` of output `(oh, ow)` reads, or 0;
/// written for the samples `b ∈ [first, last)` only (disjoint ranges may run in parallel).
void cgk_im2col(const cgk_conv_shape *shape, long first, long last, const float *x, float *cols);

/// col2im, the adjoint of `cgk_im2col`: `dx [B, C, H, W]` is set to zero, then every column
/// entry is added to the input element it was gathered from; for the samples
/// `b ∈ [first, last)` only (disjoint ranges may run in parallel).
void cgk_col2im(const cgk_conv_shape *shape, long first, long last, const float *cols, float *dx);

/// The direct convolution for the samples `b ∈ [first, last)`: `y[b, o, oh, ow] = bias[o] +
/// Σ_{c,i,j} w[o, (c·kH + i)·kW + j] · x[b, c, oh·sH − padTop + i·dH, ow·sW − padLeft + j·dW]`
/// (0 outside the image; `bias` may be NULL), every element of those samples'
/// `y [B, O, outH, outW]` written. Each sample is copied once into a zero-padded image (split
/// into `sH·sW` phases at a stride above 1, so that consecutive outputs of every tap read one
/// contiguous run) and each sample's output is a register-tile product reading the weights
/// and that image in place: no im2col matrix, no BLAS packing, no reordering. Each output is
/// the FMA chain over `p = (c·kH + i)·kW + j` in order from `acc = bias[o]`, whatever the tile
/// or the sample range, and the same chain on the AVX2 and AVX-512 paths (the same bits).
/// Returns 1, or 0 without touching `y` on the baseline path.
int cgk_conv_direct(const cgk_conv_shape *shape, long outChannels, long first, long last,
                    const float *x, const float *w, const float *bias, float *y);

/// Whether `ConvPlan` takes the direct forward pass for `shape` on the path in force: the
/// kernels exist there and a sample has at least 32 output positions (below that the
/// batch-wide im2col GEMM is faster).
int cgk_conv_direct_supported(const cgk_conv_shape *shape);

/// `cgk_conv_direct` on a given path (`CGK_PATH_*`); 0 when the CPU lacks it. For tests.
int cgk_conv_direct_on(int path, const cgk_conv_shape *shape, long outChannels, long first, long last,
                       const float *x, const float *w, const float *bias, float *y);

/// The input gradient of a stride-1 convolution, `dx = ∂L/∂x [B, C, H, W]` from
/// `dy [B, O, outH, outW]`, for the samples `[first, last)`: the stride-1 convolution of `dy`
/// with the kernel flipped and its channel axes swapped, padded by `(k − 1)·d − pad`
/// (`cgk_conv_direct` on that problem). Returns 1, or 0 without touching `dx` on the
/// baseline path or at a stride above 1.
int cgk_conv_direct_input_gradient(const cgk_conv_shape *shape, long outChannels, long first, long last,
                                   const float *dy, const float *w, float *dx);

/// Whether `ConvPlan` takes the direct input gradient for `shape`: as
/// `cgk_conv_direct_supported`, at stride 1.
int cgk_conv_direct_input_gradient_supported(const cgk_conv_shape *shape);

/// `cgk_conv_direct_input_gradient` on a given path; 0 when the CPU lacks it. For tests.
int cgk_conv_direct_input_gradient_on(int path, const cgk_conv_shape *shape, long outChannels, long first,
                                      long last, const float *dy, const float *w, float *dx);

/// The tap blocks of the direct weight gradient of `shape` with `outChannels` outputs when
/// `ConvPlan` takes it: `⌈K/6⌉` (`K = C·kH·kW`) where `cgk_conv_direct_supported` holds and
/// `outChannels·K ≤ 4096` (the lane accumulators stay in the L2 cache), else 0.
long cgk_conv_direct_weight_blocks(const cgk_conv_shape *shape, long outChannels);

/// The weight gradient of the same convolution for the tap blocks `[firstBlock, lastBlock)`
/// (taps `6·firstBlock ..< min(6·lastBlock, K)`): `dW[o, p] += Σ_b Σ_{oh,ow} dy[b, o, oh, ow] ·
/// x[b, c, oh·sH − padTop + i·dH, ow·sW − padLeft + j·dW]` for `p = (c·kH + i)·kW + j`, over
/// all samples, reading the padded images (in phases, as `cgk_conv_direct`) and `dy` in place
/// (no im2col matrix, no BLAS packing).
/// Each element sums in vector lanes (16 with AVX-512, 8 with AVX2) over the samples in order,
/// then across the lanes in order: the same bits for any block range, so for any thread
/// count; the two paths differ in rounding. Returns 1, or 0 without touching `dW` on the
/// baseline path.
int cgk_conv_direct_weight_gradient(const cgk_conv_shape *shape, long outChannels, long firstBlock, long lastBlock,
                                    const float *x, const float *dy, float *dWeight);

/// `cgk_conv_direct_weight_gradient` on a given path; 0 when the CPU lacks it. For tests.
int cgk_conv_direct_weight_gradient_on(int path, const cgk_conv_shape *shape, long outChannels, long firstBlock,
                                       long lastBlock, const float *x, const float *dy, float *dWeight);

/// `y[m, o, :] = x[o, m, :]` for `x [outer, middle, inner]` and `y [middle, outer, inner]`:
/// the `[B, C, L] ↔ [C, B, L]` reordering around the convolution GEMMs; for the outer
/// indices `o ∈ [first, last)` only (disjoint ranges may run in parallel).
void cgk_swap_outer(long outer, long middle, long inner, long first, long last, const float *x, float *y);

/// Geometry of 2-D pooling over `planes = B·C` images `[H, W]` (1-D: `H = kernelH = 1`).
/// Window `(oh, ow)` covers rows `oh·strideH − padTop …` (`kernelH` of them) and columns
/// `ow·strideW − padLeft …`, clipped to the image (max) or to the padded image (average
/// divisor, as PyTorch).
typedef struct {
    long planes, height, width;
    long kernelH, kernelW, strideH, strideW, padTop, padLeft;
    long outHeight, outWidth;
} cgk_pool_shape;

/// Max pooling `x [planes, H, W] → y [planes, outH, outW]`; `indices` (same shape as `y`)
/// receives the flat index `ih·W + iw` of each maximum within its plane. Ties keep the first
/// maximum in row-major window order; a NaN is taken as the maximum (PyTorch's rule).
void cgk_max_pool_forward(const cgk_pool_shape *shape, const float *x, float *y, int *indices);

/// Max-pooling backward: `dx` is set to zero, then `dx[p, indices[p, o]] += dy[p, o]`.
void cgk_max_pool_backward(const cgk_pool_shape *shape, const float *dy, const int *indices,
                           float *dx);

/// Average pooling: `y = Σ_window x / d`, the window clipped to the image; `d` counts the
/// window clipped to the padded image when `countIncludePad` is nonzero, else the clipped one.
void cgk_avg_pool_forward(const cgk_pool_shape *shape, int countIncludePad, const float *x,
                          float *y);

/// Average-pooling backward: `dx` is set to zero, then `dx[window] += dy / d`.
void cgk_avg_pool_backward(const cgk_pool_shape *shape, int countIncludePad, const float *dy,
                           float *dx);

/// Batch statistics of `x [B, C, N]` per channel `c ∈ [first, last)` over `B·N` values,
/// two-pass in double (eight partial sums per channel, added in a fixed order): `mean[c]`
/// and the biased `variance[c] = Σ (x − mean)² / (B·N)`. Disjoint channel ranges write
/// disjoint outputs, so they may run in parallel.
void cgk_batchnorm_statistics(long batch, long channels, long inner, long first, long last,
                              const float *x, float *mean, float *variance);

/// `y = weight[c] · (x − mean[c]) · invStd[c] + bias[c]` over `x, y [B, C, N]`, channels
/// `c ∈ [first, last)`.
void cgk_batchnorm_forward(long batch, long channels, long inner, long first, long last,
                           const float *x, const float *mean, const float *invStd,
                           const float *weight, const float *bias, float *y);

/// Batch-norm backward for the channels `c ∈ [first, last)`, with `x̂ = (x − mean)·invStd`,
/// `N' = B·N`: accumulates `dWeight[c] += Σ dy·x̂` and `dBias[c] += Σ dy` (sums in double,
/// as the statistics) and, when `dx` is not NULL, writes
/// `dx = weight·invStd·(dy − Σdy/N' − x̂·Σ(dy·x̂)/N')` when `batchStatistics` is nonzero
/// (mean and invStd came from this batch), else `dx = weight·invStd·dy`.
void cgk_batchnorm_backward(int batchStatistics, long batch, long channels, long inner,
                            long first, long last, const float *x, const float *dy,
                            const float *mean, const float *invStd, const float *weight,
                            float *dx, float *dWeight, float *dBias);

// MARK: Allocator

/// glibc only (else nothing): blocks up to 32 MiB come from the heap (`M_MMAP_THRESHOLD`),
/// and the heap's top is trimmed only above 1 GiB free (`M_TRIM_THRESHOLD`); see
/// `TSTensor.HeapRetention`. Process-wide.
void cgk_retain_freed_memory(void);

#endif
