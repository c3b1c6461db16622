import TSNN
import TSTensor

/// The decoder half of a tied-weight autoencoder layer: `y = x·W + b` with `W` the weight
/// of an encoder `Linear` (the same storage, used transposed) and a bias of its own.
///
/// Shapes: the encoder maps `[..., I] → [..., O]` with `W [O, I]`; this layer maps
/// `x [..., O] → y [..., I]`, `b [I]` (`<scope>.bias`). In PyTorch:
/// `F.linear(x, encoder.weight.t(), bias)`. Backward: `dW += xᵀ·dy` (added to the
/// encoder's own `dW += dy_encᵀ·x_enc`: the shared matrix gets the sum of both uses),
/// `db += Σ_N dy`, `dx = dy·Wᵀ`. Only the bias is this module's parameter.
public final class TiedLinear: Layer {
    /// The encoder layer whose weight is shared.
    public let encoder: Linear
    /// `[encoder.inputSize]`.
    public let bias: ParameterEntry
    private var store: ParameterStore { encoder.store }

    /// A decoder layer sharing `encoder`'s weight, its bias (zeros) registered in `scope`.
    public init(tiedTo encoder: Linear, scope: ParameterScope) {
        precondition(scope.store === encoder.store, "TiedLinear: the bias must live in the encoder's store")
        self.encoder = encoder
        bias = scope.parameter("bias", value: Tensor(shape: [encoder.inputSize]))
    }

    public var ownParameters: [ParameterEntry] { [bias] }
    public var summaryDetail: String? { "tied" }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.last == encoder.outputSize, "TiedLinear: expected [..., \(encoder.outputSize)], got \(inputShape)")
        return inputShape.dropLast() + [encoder.inputSize]
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let shape = outputShape(for: input.shape)
        let (inner, outer) = (encoder.outputSize, encoder.inputSize)
        let rows = input.count / inner
        tape?.record { [self] dOutput in backward(dOutput, input: input, rows: rows) }
        var output = Tensor(shape: shape)
        guard rows > 0 else { return output }
        store.values.withUnsafeBufferPointer { p in
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    for r in 0..<rows {
                        (y.baseAddress! + r * outer).update(from: p.baseAddress! + bias.offset, count: outer)
                    }
                    BLAS.gemm(
                        m: rows, n: outer, k: inner, a: x.baseAddress!, lda: inner,
                        b: p.baseAddress! + encoder.weight.offset, ldb: outer, beta: 1, c: y.baseAddress!, ldc: outer)
                }
            }
        }
        return output
    }

    /// The pullback of one call with `input` (`rows` rows).
    private func backward(_ dOutput: Tensor, input: Tensor, rows: Int) -> Tensor {
        precondition(dOutput.shape == outputShape(for: input.shape), "TiedLinear.backward: dOutput \(dOutput.shape) vs input \(input.shape)")
        let (inner, outer) = (encoder.outputSize, encoder.inputSize)
        var dInput = Tensor(shape: input.shape)
        guard rows > 0 else { return dInput }
        let trainWeight = !store.isFrozen(encoder.weight)
        let trainBias = !store.isFrozen(bias)
        let ones = [Float](repeating: 1, count: rows)
        store.values.withUnsafeBufferPointer { p in
            store.gradients.withUnsafeMutableBufferPointer { g in
                dOutput.withUnsafeBufferPointer { dy in
                    if trainWeight {
                        input.withUnsafeBufferPointer { x in
                            BLAS.gemm(
                                transposeA: true, m: inner, n: outer, k: rows, a: x.baseAddress!, lda: inner,
                                b: dy.baseAddress!, ldb: outer, beta: 1, c: g.baseAddress! + encoder.weight.offset, ldc: outer)
                        }
                    }
                    if trainBias {
                        BLAS.gemv(
                            transpose: true, m: rows, n: outer, a: dy.baseAddress!, lda: outer, x: ones, beta: 1,
                            y: g.baseAddress! + bias.offset)
                    }
                    dInput.withUnsafeMutableBufferPointer { dx in
                        BLAS.gemm(
                            transposeB: true, m: rows, n: inner, k: outer, a: dy.baseAddress!, lda: outer,
                            b: p.baseAddress! + encoder.weight.offset, ldb: outer, c: dx.baseAddress!, ldc: inner)
                    }
                }
            }
        }
        return dInput
    }
}
