#ifndef CGATEKERNELS_VECTORMATH_H
#define CGATEKERNELS_VECTORMATH_H

/// Eight-lane float vectors (clang vector extensions) and the transcendentals of the gate
/// kernels. Everything is `always_inline`, so each function inherits the instruction set
/// of the kernel it is inlined into (AVX2/FMA or baseline).

// The baseline instantiations pass 32-byte vectors only between always-inlined functions,
// so the ABI difference clang warns about never reaches a call.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

#define CGK_INLINE static inline __attribute__((always_inline))

/// Lanes of `a` where `mask` is all ones, of `b` elsewhere.
CGK_INLINE v8f select8(v8i mask, v8f a, v8f b) {
    return (v8f)(((v8i)a & mask) | ((v8i)b & ~mask));
}

/// Loads `n ≤ 8` floats (the remaining lanes are zero).
CGK_INLINE v8f load8(const float *p, long n) {
    v8f v = {0};
    if (n == 8) {
        __builtin_memcpy(&v, p, sizeof v);
    } else {
        for (long k = 0; k < n; k++) v[k] = p[k];
    }
    return v;
}

/// Stores the first `n ≤ 8` lanes.
CGK_INLINE void store8(v8f v, float *p, long n) {
    if (n == 8) {
        __builtin_memcpy(p, &v, sizeof v);
    } else {
        for (long k = 0; k < n; k++) p[k] = v[k];
    }
}

/// `eˣ`: `x = n·ln2 + r` (`n` rounded with the 1.5·2²³ magic constant, two-part ln2),
/// `eʳ` by the Cephes degree-6 polynomial, `2ⁿ` from exponent bits; `x` clamped to `[−87, 88]`.
CGK_INLINE v8f exp8(v8f x) {
    const v8f high = (v8f){0} + 88.0f, low = (v8f){0} - 87.0f, magic = (v8f){0} + 12582912.0f;
    x = select8(x > high, high, x);
    x = select8(x < low, low, x);
    v8f shifted = x * 1.44269504f + magic;
    v8f n = shifted - magic;
    v8f r = x - n * 0.693359375f + n * 2.1219444e-4f;
    v8f p = (v8f){0} + 1.98756915e-4f;
    p = p * r + 1.39819995e-3f;
    p = p * r + 8.3334519e-3f;
    p = p * r + 4.16657959e-2f;
    p = p * r + 1.66666655e-1f;
    p = p * r + 5.00000012e-1f;
    v8f er = p * (r * r) + r + 1.0f;
    v8i bits = (v8i)shifted - 0x4B400000 + 127;
    return er * (v8f)(bits << 23);
}

/// `σ(x) = 1 / (1 + e^{−x})`.
CGK_INLINE v8f sigmoid8(v8f x) { return 1.0f / (1.0f + exp8(-x)); }

/// `tanh(x)`: odd polynomial below `|x| = 0.625`, `sign(x)·(1 − 2/(e^{2|x|} + 1))` above.
CGK_INLINE v8f tanh8(v8f x) {
    v8i negative = x < 0.0f;
    v8f a = select8(negative, -x, x);
    v8f e = exp8(a + a);
    v8f large = 1.0f - 2.0f / (e + 1.0f);
    large = select8(negative, -large, large);
    v8f z = x * x;
    v8f p = (v8f){0} - 5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    v8f small = p * z * x + x;
    return select8(a < 0.625f, small, large);
}

#endif
