#ifndef CGATEKERNELS_VECTORMATH_H
#define CGATEKERNELS_VECTORMATH_H

/// Float vectors of 8 and 16 lanes (clang vector extensions) and the transcendentals of the
/// element-wise kernels, one definition for both counts (`VectorLanes.h`): `select8`,
/// `load8`, `store8`, `exp8`, `sigmoid8`, `tanh8` and the same with `16`. Everything is
/// `always_inline`, so the 8-lane functions inherit the instruction set of the kernel they
/// are inlined into (AVX2/FMA or baseline); the 16-lane ones exist on x86-64 only and need
/// AVX-512F, so only kernels compiled for it call them.

// The baseline instantiations pass 32-byte vectors only between always-inlined functions,
// so the ABI difference clang warns about never reaches a call.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));
typedef float v16f __attribute__((vector_size(64)));
typedef int v16i __attribute__((vector_size(64)));

#define CGK_INLINE static inline __attribute__((always_inline))
#define CGK_PASTE_(a, b) a##b
#define CGK_PASTE(a, b) CGK_PASTE_(a, b)

#define LANES 8
#define VF v8f
#define VI v8i
#define LANE_TARGET
#include "VectorLanes.h"
#undef LANES
#undef VF
#undef VI
#undef LANE_TARGET

#if defined(__x86_64__)
#define LANES 16
#define VF v16f
#define VI v16i
#define LANE_TARGET __attribute__((target("avx512f")))
#include "VectorLanes.h"
#undef LANES
#undef VF
#undef VI
#undef LANE_TARGET
#endif

#endif
