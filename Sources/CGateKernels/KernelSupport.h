#ifndef CGATEKERNELS_KERNELSUPPORT_H
#define CGATEKERNELS_KERNELSUPPORT_H

#include "CGateKernels.h"
#include "VectorMath.h"

/// Runs the block `...` (using `b`, `j`, `n`) for every row `b < batch` and every group of
/// `n ≤ 8` hidden units starting at `j`; full groups see the constant 8.
#define FOR_EACH_LANE(batch, hidden, ...)                                      \
    for (long b = 0; b < (batch); b++) {                                       \
        long full = (hidden) & ~7L, j = 0;                                     \
        for (; j < full; j += 8) { const long n = 8; __VA_ARGS__ }            \
        if (full < (hidden)) { const long n = (hidden) - full; __VA_ARGS__ }  \
    }

/// Defines `cgk_NAME(PARAMS)` calling `NAME_body(ARGS)` compiled for AVX2/FMA when the kernel
/// path in force (`cgk_kernel_path`: the CPU's best unless `TSFORECAST_KERNELS` asks for a
/// lower one) is AVX2 or AVX-512 (x86-64 only), and for the baseline instruction set otherwise.
#if defined(__x86_64__)
#define DISPATCH(NAME, PARAMS, ARGS)                                           \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2 PARAMS {      \
        NAME##_body ARGS;                                                      \
    }                                                                          \
    static void NAME##_baseline PARAMS { NAME##_body ARGS; }                  \
    void cgk_##NAME PARAMS {                                                   \
        if (cgk_kernel_path() >= CGK_PATH_AVX2)                                \
            NAME##_avx2 ARGS;                                                  \
        else                                                                   \
            NAME##_baseline ARGS;                                              \
    }
#else
#define DISPATCH(NAME, PARAMS, ARGS) \
    void cgk_##NAME PARAMS { NAME##_body ARGS; }
#endif

/// `(path, a, b, …)` from `(a, b, …)`: a call's arguments with a local `path` in front.
#define CGK_WITH_PATH(...) (path, __VA_ARGS__)

/// Defines `cgk_NAME(...)` like `DISPATCH`, from bodies of 8 and 16 lanes: the AVX-512 path
/// runs `NAME_body16` compiled for AVX-512F, the AVX2 path `NAME_body8` for AVX2/FMA and the
/// baseline path `NAME_body8` for the baseline instruction set; and `cgk_NAME_on(path, ...)`,
/// the same on a given path, returning 0 (and doing nothing) when the CPU lacks it (for
/// tests). The parameters come last, bare, so that `_on` can put `path` in front of them.
#if defined(__x86_64__)
#define DISPATCH_LANES(NAME, ARGS, ...)                                        \
    __attribute__((target("avx512f"))) static void NAME##_avx512(__VA_ARGS__) { \
        NAME##_body16 ARGS;                                                    \
    }                                                                          \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(__VA_ARGS__) { \
        NAME##_body8 ARGS;                                                     \
    }                                                                          \
    static void NAME##_baseline(__VA_ARGS__) { NAME##_body8 ARGS; }           \
    static void NAME##_path(int path, __VA_ARGS__) {                           \
        if (path == CGK_PATH_AVX512)                                           \
            NAME##_avx512 ARGS;                                                \
        else if (path == CGK_PATH_AVX2)                                        \
            NAME##_avx2 ARGS;                                                  \
        else                                                                   \
            NAME##_baseline ARGS;                                              \
    }                                                                          \
    void cgk_##NAME(__VA_ARGS__) {                                             \
        const int path = cgk_kernel_path();                                    \
        NAME##_path CGK_WITH_PATH ARGS;                                        \
    }                                                                          \
    int cgk_##NAME##_on(int path, __VA_ARGS__) {                               \
        if (path < CGK_PATH_BASELINE || path > cgk_supported_path()) return 0; \
        NAME##_path CGK_WITH_PATH ARGS;                                        \
        return 1;                                                              \
    }
#else
#define DISPATCH_LANES(NAME, ARGS, ...)                                        \
    void cgk_##NAME(__VA_ARGS__) { NAME##_body8 ARGS; }                        \
    int cgk_##NAME##_on(int path, __VA_ARGS__) {                               \
        if (path != CGK_PATH_BASELINE) return 0;                               \
        NAME##_body8 ARGS;                                                     \
        return 1;                                                              \
    }
#endif

/// The attribute of the 16-lane bodies (x86-64 only).
#define CGK_AVX512 __attribute__((target("avx512f")))

#endif
