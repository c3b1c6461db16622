import TSTensor

/// An element-wise non-linearity as a layer: `y = h(x)`, any shape (`[B, …] → [B, …]`).
///
/// Forward uses the shared `TSTensor.Kernels`; the pullback multiplies `dOutput` by `h′`:
///
/// | kind | `h(x)` | `h′` expressed through the recorded values |
/// |---|---|---|
/// | `identity` | `x` | `1` |
/// | `tanh` | `tanh x` | `1 − y²` |
/// | `sigmoid` | `1/(1+e^{−x})` | `y(1 − y)` |
/// | `relu` | `max(x, 0)` | `1` if `x > 0` else `0` |
/// | `leakyRelu(slope)` | `x` if `x > 0` else `slope·x` | `1` if `x > 0` else `slope` |
///
/// At the ReLU kink `x = 0` the derivative is taken as `0` (`slope`), as in PyTorch.
public final class Activation: Layer {
    /// Which non-linearity the layer applies.
    public enum Kind: Sendable, Equatable {
        /// `y = x`.
        case identity
        /// `y = tanh x`.
        case tanh
        /// `y = σ(x) = 1 / (1 + e^{−x})`.
        case sigmoid
        /// `y = max(x, 0)`.
        case relu
        /// PyTorch's `LeakyReLU(negative_slope)`; its default slope is `0.01`.
        case leakyRelu(slope: Float)
    }

    /// The non-linearity.
    public let kind: Kind

    /// An element-wise `kind` activation.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// PyTorch's module name: `Tanh`, `Sigmoid`, `ReLU`, `LeakyReLU`, `Identity`.
    public var summaryName: String {
        switch kind {
        case .identity: "Identity"
        case .tanh: "Tanh"
        case .sigmoid: "Sigmoid"
        case .relu: "ReLU"
        case .leakyRelu: "LeakyReLU"
        }
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let output = Self.kernel(kind).map { Self.map($0, input, threads: tape?.threads ?? .single) } ?? input
        tape?.record { [kind] dOutput in Self.backward(kind, dOutput, input: input, output: output) }
        return output
    }

    /// The element-wise kernel `y[i] = f(x[i])` of `kind` (those of `Tensor.tanh()`,
    /// `relu()`, …), nil for the identity.
    private static func kernel(_ kind: Kind) -> ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? {
        switch kind {
        case .identity: nil
        case .tanh: Kernels.tanh
        case .sigmoid: Kernels.sigmoid
        case .relu: Kernels.relu
        case .leakyRelu(let slope): { Kernels.leakyRelu($0, slope, $1, $2) }
        }
    }

    /// `kernel` over `input`, in near-equal parts on the worker team when `threads` allows and
    /// the tensor has at least `minimumSplitElements` elements; each element is computed the
    /// same way in any part, so the result does not depend on the count.
    private static func map(
        _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void, _ input: Tensor, threads: ComputeThreads
    ) -> Tensor {
        var output = Tensor(overwrittenShape: input.shape)
        let n = input.count
        input.withUnsafeBufferPointer { xb in
            output.withUnsafeMutableBufferPointer { yb in
                guard n > 0 else { return }
                let (x, y) = (xb.baseAddress!, yb.baseAddress!)
                forEachRange(of: n, elements: n, threads: threads) { first, last in kernel(x + first, y + first, last - first) }
            }
        }
        return output
    }

    /// `dOutput ⊙ h′` of one call, written to a new tensor (one pass, no copy of `dOutput`).
    private static func backward(_ kind: Kind, _ dOutput: Tensor, input: Tensor, output: Tensor) -> Tensor {
        precondition(dOutput.shape == input.shape, "Activation.backward: expected dOutput \(input.shape), got \(dOutput.shape)")
        if case .identity = kind { return dOutput }
        var dInput = Tensor(overwrittenShape: dOutput.shape)
        let n = dOutput.count
        input.withUnsafeBufferPointer { xb in
            output.withUnsafeBufferPointer { yb in
                dOutput.withUnsafeBufferPointer { gb in
                    dInput.withUnsafeMutableBufferPointer { db in
                        guard n > 0 else { return }
                        let (x, y, g, d) = (xb.baseAddress!, yb.baseAddress!, gb.baseAddress!, db.baseAddress!)
                        switch kind {
                        case .identity: break
                        case .tanh: for i in 0..<n { d[i] = g[i] * (1 - y[i] * y[i]) }
                        case .sigmoid: for i in 0..<n { d[i] = g[i] * (y[i] * (1 - y[i])) }
                        case .relu: Kernels.maskNotPositive(x, g, d, slope: nil, n)
                        case .leakyRelu(let slope): Kernels.maskNotPositive(x, g, d, slope: slope, n)
                        }
                    }
                }
            }
        }
        return dInput
    }
}
