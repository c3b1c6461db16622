import TSTensor

/// A fully connected layer `y = x·Wᵀ + b` over the last axis.
///
/// Shapes: `x [..., inputSize]` (any leading dimensions, `N` rows in all), `W [outputSize,
/// inputSize]` (`<scope>.weight`, PyTorch's layout), `b [outputSize]` (`<scope>.bias`),
/// `y [..., outputSize]`. Backward: `dW += dyᵀ·x`, `db += Σ_N dy`, `dx = dy·W` — three
/// BLAS calls (the first two skipped for frozen parameters). The GEMMs are split over the
/// tape's `threads` (`BLAS.gemm(…, threads:)`: results reproducible for a fixed count,
/// within BLAS rounding of a dot product across counts).
public final class Linear: Layer {
    /// Features per input row.
    public let inputSize: Int
    /// Features per output row.
    public let outputSize: Int
    /// The store holding `weight` and `bias`.
    public let store: ParameterStore
    /// `[outputSize, inputSize]`.
    public let weight: ParameterEntry
    /// `[outputSize]`, or `nil` for a layer without bias.
    public let bias: ParameterEntry?
    /// A row of ones for the bias-gradient GEMV, grown to the largest batch seen (constant
    /// data, not per-call state).
    private var ones: [Float] = []

    /// Registers `weight` and `bias` in `scope`, both initialised with `initializer`
    /// (PyTorch's default `U(±1/√inputSize)` unless given).
    public init(
        inputSize: Int, outputSize: Int, bias: Bool = true, scope: ParameterScope,
        initializer: Initializer? = nil, rng: inout RandomGenerator
    ) {
        precondition(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize) → \(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.store = scope.store
        let initializer = initializer ?? .pytorchDefault(fanIn: inputSize)
        weight = scope.parameter("weight", shape: [outputSize, inputSize], initializer: initializer, rng: &rng)
        self.bias = bias ? scope.parameter("bias", shape: [outputSize], initializer: initializer, rng: &rng) : nil
    }

    public var ownParameters: [ParameterEntry] { [weight] + (bias.map { [$0] } ?? []) }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.last == inputSize, "Linear: expected [..., \(inputSize)], got \(inputShape)")
        var shape = inputShape
        shape[shape.count - 1] = outputSize
        return shape
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let shape = outputShape(for: input.shape)
        let rows = input.count / inputSize
        let threads = tape?.threads ?? .single
        if let tape {
            tape.record { [self, unowned tape] dOutput in
                backward(dOutput, input: input, rows: rows, threads: threads, inputGradient: tape.inputGradientNeeded)
            }
        }
        guard rows > 0 else { return Tensor(shape: shape) }
        // The output is written once: rows start as the bias (or GEMM overwrites with β = 0).
        let scalars = [Float](unsafeUninitializedCapacity: rows * outputSize) { y, initialized in
            store.values.withUnsafeBufferPointer { p in
                input.withUnsafeBufferPointer { x in
                    if let bias {
                        for r in 0..<rows {
                            (y.baseAddress! + r * outputSize).initialize(from: p.baseAddress! + bias.offset, count: outputSize)
                        }
                    }
                    BLAS.gemm(
                        transposeB: true, m: rows, n: outputSize, k: inputSize,
                        a: x.baseAddress!, lda: inputSize, b: p.baseAddress! + weight.offset, ldb: inputSize,
                        beta: bias == nil ? 0 : 1, c: y.baseAddress!, ldc: outputSize, threads: threads)
                }
            }
            initialized = rows * outputSize
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The pullback of one call with `input` (`rows` rows), on the call's `threads`:
    /// `dW += dYᵀ·X`, `db += Σ_rows dY` (unless frozen) and `dX = dY·W`; without
    /// `inputGradient` (the tape's caller discards it) the `dX` product is skipped and an
    /// empty tensor returned.
    private func backward(_ dOutput: Tensor, input: Tensor, rows: Int, threads: ComputeThreads, inputGradient: Bool) -> Tensor {
        // The shape check without building the expected shape (this runs once per call):
        // same rank, `outputSize` last, `rows` rows.
        precondition(
            dOutput.rank == input.rank && dOutput.shape.last == outputSize && dOutput.count == rows * outputSize,
            "Linear.backward: expected dOutput \(outputShape(for: input.shape)), got \(dOutput.shape)")
        guard rows > 0 else { return Tensor(shape: inputGradient ? input.shape : [0]) }
        let trainWeight = !store.isFrozen(weight)
        let trainBias = bias.map { !store.isFrozen($0) } ?? false
        if trainBias && ones.count < rows { ones = [Float](repeating: 1, count: rows) }
        var dInput = Tensor(overwrittenShape: inputGradient ? input.shape : [0])
        store.values.withUnsafeBufferPointer { p in
            store.gradients.withUnsafeMutableBufferPointer { g in
                dOutput.withUnsafeBufferPointer { dy in
                    if trainWeight {
                        input.withUnsafeBufferPointer { x in
                            BLAS.gemm(
                                transposeA: true, m: outputSize, n: inputSize, k: rows,
                                a: dy.baseAddress!, lda: outputSize, b: x.baseAddress!, ldb: inputSize,
                                beta: 1, c: g.baseAddress! + weight.offset, ldc: inputSize, threads: threads)
                        }
                    }
                    if trainBias, let bias {
                        BLAS.gemv(
                            transpose: true, m: rows, n: outputSize, a: dy.baseAddress!, lda: outputSize,
                            x: ones, beta: 1, y: g.baseAddress! + bias.offset)
                    }
                    guard inputGradient else { return }
                    dInput.withUnsafeMutableBufferPointer { dx in
                        BLAS.gemm(
                            m: rows, n: inputSize, k: outputSize,
                            a: dy.baseAddress!, lda: outputSize, b: p.baseAddress! + weight.offset, ldb: inputSize,
                            c: dx.baseAddress!, ldc: inputSize, threads: threads)
                    }
                }
            }
        }
        return dInput
    }
}
