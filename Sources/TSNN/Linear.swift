import TSTensor

/// A fully connected layer `y = x·Wᵀ + b`.
///
/// Shapes: `x [B, inputSize]`, `W [outputSize, inputSize]` (`<name>.weight`, PyTorch's
/// layout), `b [outputSize]` (`<name>.bias`), `y [B, outputSize]`.
/// Backward: `dW += dyᵀ·x`, `db += Σ_B dy`, `dx = dy·W` — three BLAS calls.
public final class Linear: Layer {
    public let inputSize: Int
    public let outputSize: Int
    /// The store holding `weight` and `bias`.
    public let store: ParameterStore
    /// `[outputSize, inputSize]`.
    public let weight: ParameterEntry
    /// `[outputSize]`, or `nil` for a layer without bias.
    public let bias: ParameterEntry?
    private var input = Tensor(shape: [0, 0])
    private var ones: [Float] = []

    /// Registers `<name>.weight` and `<name>.bias` in `store`, both initialised with
    /// `initializer` (PyTorch's default `U(±1/√inputSize)` unless given).
    public init(
        inputSize: Int, outputSize: Int, bias: Bool = true, store: ParameterStore, name: String,
        initializer: Initializer? = nil, rng: inout RandomGenerator
    ) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.store = store
        let initializer = initializer ?? .pytorchDefault(fanIn: inputSize)
        weight = store.add("\(name).weight", shape: [outputSize, inputSize], initializer: initializer, rng: &rng)
        self.bias = bias ? store.add("\(name).bias", shape: [outputSize], initializer: initializer, rng: &rng) : nil
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] == inputSize, "Linear.forward: expected [B, \(inputSize)], got \(input.shape)")
        let batch = input.shape[0]
        self.input = input
        guard batch > 0 else { return Tensor(shape: [0, outputSize]) }
        // The output is written once: rows start as the bias (or GEMM overwrites with β = 0).
        let scalars = [Float](unsafeUninitializedCapacity: batch * outputSize) { y, initialized in
            store.values.withUnsafeBufferPointer { p in
                input.withUnsafeBufferPointer { x in
                    if let bias {
                        for r in 0..<batch {
                            (y.baseAddress! + r * outputSize).initialize(from: p.baseAddress! + bias.offset, count: outputSize)
                        }
                    }
                    BLAS.gemm(
                        transposeB: true, m: batch, n: outputSize, k: inputSize,
                        a: x.baseAddress!, lda: inputSize, b: p.baseAddress! + weight.offset, ldb: inputSize,
                        beta: bias == nil ? 0 : 1, c: y.baseAddress!, ldc: outputSize)
                }
            }
            initialized = batch * outputSize
        }
        return Tensor(shape: [batch, outputSize], scalars: scalars)
    }

    public func backward(_ dOutput: Tensor) -> Tensor {
        let batch = input.shape[0]
        precondition(dOutput.shape == [batch, outputSize], "Linear.backward: expected dOutput [\(batch), \(outputSize)], got \(dOutput.shape)")
        if ones.count != batch { ones = [Float](repeating: 1, count: batch) }
        var dInput = Tensor(shape: [batch, inputSize])
        store.values.withUnsafeBufferPointer { p in
            store.gradients.withUnsafeMutableBufferPointer { g in
                dOutput.withUnsafeBufferPointer { dy in
                    input.withUnsafeBufferPointer { x in
                        BLAS.gemm(
                            transposeA: true, m: outputSize, n: inputSize, k: batch,
                            a: dy.baseAddress!, lda: outputSize, b: x.baseAddress!, ldb: inputSize,
                            beta: 1, c: g.baseAddress! + weight.offset, ldc: inputSize)
                    }
                    if let bias {
                        BLAS.gemv(
                            transpose: true, m: batch, n: outputSize, a: dy.baseAddress!, lda: outputSize,
                            x: ones, beta: 1, y: g.baseAddress! + bias.offset)
                    }
                    dInput.withUnsafeMutableBufferPointer { dx in
                        BLAS.gemm(
                            m: batch, n: inputSize, k: outputSize,
                            a: dy.baseAddress!, lda: outputSize, b: p.baseAddress! + weight.offset, ldb: inputSize,
                            c: dx.baseAddress!, ldc: inputSize)
                    }
                }
            }
        }
        return dInput
    }
}
