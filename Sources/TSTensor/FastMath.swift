/// Vectorised transcendental functions on `SIMD8<Float>`, accurate to a few ulp.
///
/// - `exp`: Cody–Waite range reduction `x = n·ln2 + r`, `|r| ≤ ln2/2`, with `n` rounded
///   by the magic-constant trick (`x·log₂e + 1.5·2²³ − 1.5·2²³`), a degree-6 minimax
///   polynomial for `eʳ` (Cephes `expf`), and `2ⁿ` built from exponent bits. Inputs are
///   clamped to `[−87, 88]` so `2ⁿ` stays a normal number.
/// - `sigmoid(x) = 1 / (1 + e^{−x})`.
/// - `tanh(x)`: the odd polynomial `x + x³·P(x²)` (Cephes `tanhf`) for `|x| < 0.625`, where
///   the exponential form would cancel, and `sign(x)·(1 − 2/(e^{2|x|} + 1))` elsewhere.
///
/// Everything is written with `replacing(with:where:)`, lane-wise arithmetic and
/// `unsafeBitCast`, so optimised builds compile it to straight-line vector code (Swift's
/// generic SIMD initialisers, `rounded()` and integer conversions do not).
public enum FastMath {
    /// `eˣ` per lane (relative error ≲ 2 ulp on `[−87, 88]`).
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let high = SIMD8<Float>(repeating: 88)
        let low = SIMD8<Float>(repeating: -87)
        var x = x.replacing(with: high, where: x .> high)
        x = x.replacing(with: low, where: x .< low)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5·2²³
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * (r * r) + r + 1
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        return er * unsafeBitCast(bits &<< 23, to: SIMD8<Float>.self)
    }

    /// `σ(x) = 1 / (1 + e^{−x})` per lane.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        1 / (1 + exp(-x))
    }

    /// `tanh(x)` per lane (absolute error ≲ 1e-7, relative ≲ 3 ulp).
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let negative = x .< 0
        let a = x.replacing(with: -x, where: negative)
        let e = exp(a + a)
        var large = 1 - 2 / (e + 1)
        large = large.replacing(with: -large, where: negative)
        let z = x * x
        var p = SIMD8<Float>(repeating: -5.704_988_727_45e-3)
        p = p * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        return large.replacing(with: small, where: a .< 0.625)
    }

    /// Loads `n ≤ 8` floats from `p` into the first lanes (the rest are zero).
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<Float>, _ n: Int) -> SIMD8<Float> {
        if n == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
        var v = SIMD8<Float>()
        for k in 0..<n { v[k] = p[k] }
        return v
    }

    /// Stores the first `n ≤ 8` lanes of `v` at `p`.
    @inlinable @inline(__always)
    public static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
        if n == 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
            return
        }
        for k in 0..<n { p[k] = v[k] }
    }

    /// `y[i] = f(x[i])` for `i < n`, eight lanes at a time (a partial last vector for the tail).
    @inlinable @inline(__always)
    public static func map(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int,
        _ f: (SIMD8<Float>) -> SIMD8<Float>
    ) {
        let full = n & ~7
        var i = 0
        while i < full {
            store(f(load(x + i, 8)), y + i, 8)
            i += 8
        }
        if full < n { store(f(load(x + full, n - full)), y + full, n - full) }
    }
}
