import CGateKernels
import TSSupport

/// Element-wise kernels over raw pointers: counted loops the compiler vectorises.
///
/// Every kernel reads `n` elements from its inputs and writes `n` to its output; an
/// output may alias an input. These are the single place each non-linearity is
/// computed, so layers and recurrent cells share one definition.
public enum Kernels {
    /// `y = x + z`.
    @inlinable
    public static func add(_ x: UnsafePointer<Float>, _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] = x[i] + z[i] }
    }

    /// `y = x ⊙ z` (element-wise product).
    @inlinable
    public static func mul(_ x: UnsafePointer<Float>, _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] = x[i] * z[i] }
    }

    /// `y = α·x`.
    @inlinable
    public static func scale(_ x: UnsafePointer<Float>, _ alpha: Float, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] = alpha * x[i] }
    }

    /// `y += α·x` (axpy).
    @inlinable
    public static func addScaled(_ x: UnsafePointer<Float>, _ alpha: Float, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] += alpha * x[i] }
    }

    /// `y = tanh(x)` (`cgk_tanh`, relative error ≲ 3e-7).
    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        cgk_tanh(x, y, n)
    }

    /// `y = σ(x) = 1 / (1 + e^{-x})` (`cgk_sigmoid`, relative error ≲ 3e-7).
    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        cgk_sigmoid(x, y, n)
    }

    /// `y = max(x, 0)`.
    @inlinable
    public static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// `y = x` for `x > 0`, `slope·x` otherwise.
    @inlinable
    public static func leakyRelu(_ x: UnsafePointer<Float>, _ slope: Float, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] = x[i] > 0 ? x[i] : slope * x[i] }
    }

    /// `d = dy` where `x > 0`; where `x ≤ 0` (or NaN) `d = 0` (`slope` nil, the backward of
    /// `relu`) or `d = slope·dy` (the backward of `leakyRelu`). `d` may be `dy` (in place).
    /// Eight lanes at a time, with masks instead of branches: the signs of a layer's inputs
    /// are random, so a branch would mispredict half the time (and the compiler cannot
    /// vectorise a loop over pointers that might alias).
    @inlinable
    public static func maskNotPositive(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, slope: Float?, _ n: Int
    ) {
        var i = 0
        while i + 8 <= n {
            let xs = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            var ds = UnsafeRawPointer(dy + i).loadUnaligned(as: SIMD8<Float>.self)
            ds.replace(with: slope.map { ds * $0 } ?? .zero, where: .!(xs .> 0))
            UnsafeMutableRawPointer(d + i).storeBytes(of: ds, as: SIMD8<Float>.self)
            i += 8
        }
        for j in i..<n { d[j] = x[j] > 0 ? dy[j] : slope.map { dy[j] * $0 } ?? 0 }
    }

    /// `y = eˣ` (`cgk_exp`, relative error ≲ 3e-7; inputs clamped to `[−87, 88]`).
    public static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        cgk_exp(x, y, n)
    }

    /// `y = ln x`.
    @inlinable
    public static func log(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { y[i] = naturalLogarithm(x[i]) }
    }

    /// `Σ xᵢ`, accumulated in eight independent lanes so the loop vectorises.
    @inlinable
    public static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>()
        let full = n & ~7
        var i = 0
        while i < full {
            lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < n { total += x[i]; i += 1 }
        return total
    }

    /// `Σ xᵢ·zᵢ`.
    @inlinable
    public static func dot(_ x: UnsafePointer<Float>, _ z: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>()
        let full = n & ~7
        var i = 0
        while i < full {
            lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < n { total += x[i] * z[i]; i += 1 }
        return total
    }

    /// `max |xᵢ|` (0 for `n == 0`).
    @inlinable
    public static func maxAbs(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var m: Float = 0
        for i in 0..<n { m = Swift.max(m, Swift.abs(x[i])) }
        return m
    }
}

/// libc's `log`, for `Kernels.log`, inside which the name `log` means the kernel itself.
@usableFromInline
func naturalLogarithm(_ x: Float) -> Float { log(x) }
