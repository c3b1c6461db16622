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

#endif
