/// Element-wise arithmetic and non-linearities on whole tensors, computed by `Kernels`.
extension Tensor {
    private func unary(_ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        var out = Tensor(overwrittenShape: shape)
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in kernel(x.baseAddress!, y.baseAddress!, count) }
        }
        return out
    }

    private func binary(
        _ other: Tensor, _ op: String,
        _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    ) -> Tensor {
        precondition(shape == other.shape, "\(op): shapes differ: \(shape) vs \(other.shape)")
        var out = Tensor(overwrittenShape: shape)
        withUnsafeBufferPointer { x in
            other.withUnsafeBufferPointer { z in
                out.withUnsafeMutableBufferPointer { y in kernel(x.baseAddress!, z.baseAddress!, y.baseAddress!, count) }
            }
        }
        return out
    }

    /// Element-wise sum of two tensors of equal shape.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.binary(rhs, "add", Kernels.add) }
    /// Element-wise difference of two tensors of equal shape.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs + rhs.scaled(by: -1) }
    /// Element-wise (Hadamard) product of two tensors of equal shape.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.binary(rhs, "mul", Kernels.mul) }
    /// `α·x`.
    public func scaled(by alpha: Float) -> Tensor { unary { Kernels.scale($0, alpha, $1, $2) } }
    /// `tanh(x)`.
    public func tanh() -> Tensor { unary(Kernels.tanh) }
    /// `σ(x) = 1/(1+e^{-x})`.
    public func sigmoid() -> Tensor { unary(Kernels.sigmoid) }
    /// `max(x, 0)`.
    public func relu() -> Tensor { unary(Kernels.relu) }
    /// `x` where positive, `slope·x` elsewhere.
    public func leakyRelu(slope: Float = 0.01) -> Tensor { unary { Kernels.leakyRelu($0, slope, $1, $2) } }
    /// `eˣ`.
    public func exp() -> Tensor { unary(Kernels.exp) }
    /// `ln x`.
    public func log() -> Tensor { unary(Kernels.log) }

    /// `Σ x`.
    public func sum() -> Float { withUnsafeBufferPointer { Kernels.sum($0.baseAddress!, count) } }
    /// `Σ x / count`.
    public func mean() -> Float { count == 0 ? 0 : sum() / Float(count) }
    /// `Σ xᵢ·yᵢ` of two tensors of equal shape.
    public func dot(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "dot: shapes differ: \(shape) vs \(other.shape)")
        return withUnsafeBufferPointer { x in other.withUnsafeBufferPointer { Kernels.dot(x.baseAddress!, $0.baseAddress!, count) } }
    }
}
