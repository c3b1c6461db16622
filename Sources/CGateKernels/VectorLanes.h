// The vector helpers and transcendentals for one lane count, included by VectorMath.h once
// per count (no include guard). The includer defines `LANES` (8 or 16), the vector types
// `VF` (floats) and `VI` (32-bit integers) of that many lanes, and `LANE_TARGET` (the
// instruction set these need, or nothing); `LANE_FN(name)` names each function `name`
// followed by the lane count (`exp8`, `exp16`, …). Every lane is computed by the same
// operations at every count, so a lane's result does not depend on the count.

#define LANE_FN(name) CGK_PASTE(name, LANES)

/// Lanes of `a` where `mask` is all ones, of `b` elsewhere.
LANE_TARGET CGK_INLINE VF LANE_FN(select)(VI mask, VF a, VF b) { return (VF)(((VI)a & mask) | ((VI)b & ~mask)); }

/// Loads `n ≤ LANES` floats (the remaining lanes are zero).
LANE_TARGET CGK_INLINE VF LANE_FN(load)(const float *p, long n) {
    VF v = {0};
    if (n == LANES) {
        __builtin_memcpy(&v, p, sizeof v);
    } else {
        for (long k = 0; k < n; k++) v[k] = p[k];
    }
    return v;
}

/// Stores the first `n ≤ LANES` lanes.
LANE_TARGET CGK_INLINE void LANE_FN(store)(VF v, float *p, long n) {
    if (n == LANES) {
        __builtin_memcpy(p, &v, sizeof v);
    } else {
        for (long k = 0; k < n; k++) p[k] = v[k];
    }
}

/// `eˣ`: `x = n·ln2 + r` (`n` rounded with the 1.5·2²³ magic constant, two-part ln2),
/// `eʳ` by the Cephes degree-6 polynomial, `2ⁿ` from exponent bits; `x` clamped to `[−87, 88]`.
LANE_TARGET CGK_INLINE VF LANE_FN(exp)(VF x) {
    const VF high = (VF){0} + 88.0f, low = (VF){0} - 87.0f, magic = (VF){0} + 12582912.0f;
    x = LANE_FN(select)(x > high, high, x);
    x = LANE_FN(select)(x < low, low, x);
    VF shifted = x * 1.44269504f + magic;
    VF n = shifted - magic;
    VF r = x - n * 0.693359375f + n * 2.1219444e-4f;
    VF p = (VF){0} + 1.98756915e-4f;
    p = p * r + 1.39819995e-3f;
    p = p * r + 8.3334519e-3f;
    p = p * r + 4.16657959e-2f;
    p = p * r + 1.66666655e-1f;
    p = p * r + 5.00000012e-1f;
    VF er = p * (r * r) + r + 1.0f;
    VI bits = (VI)shifted - 0x4B400000 + 127;
    return er * (VF)(bits << 23);
}

/// `σ(x) = 1 / (1 + e^{−x})`.
LANE_TARGET CGK_INLINE VF LANE_FN(sigmoid)(VF x) { return 1.0f / (1.0f + LANE_FN(exp)(-x)); }

/// `tanh(x)`: odd polynomial below `|x| = 0.625`, `sign(x)·(1 − 2/(e^{2|x|} + 1))` above.
LANE_TARGET CGK_INLINE VF LANE_FN(tanh)(VF x) {
    VI negative = x < 0.0f;
    VF a = LANE_FN(select)(negative, -x, x);
    VF e = LANE_FN(exp)(a + a);
    VF large = 1.0f - 2.0f / (e + 1.0f);
    large = LANE_FN(select)(negative, -large, large);
    VF z = x * x;
    VF p = (VF){0} - 5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    VF small = p * z * x + x;
    return LANE_FN(select)(a < 0.625f, small, large);
}

#undef LANE_FN
