import TSNN
import TSSupport
import TSTensor

/// `tsforecast-bench linear [--threads N]`: `Linear.forward` on `x [B, F] × Wᵀ [F, O]`
/// (+ bias) against one bare `BLAS.gemm` of the same size writing into a preallocated
/// output, both on the same threads (default 2); prints GFLOP/s (`2·B·F·O` flops per call)
/// of both and their ratio.
enum LinearBenchmark {
    static let batch = 256
    static let inputSize = 512
    static let outputSize = 512

    static func run(arguments: [String]) {
        guard let options = BenchmarkOptions("linear", arguments, seconds: 1, threads: benchmarkThreads) else { return }
        let threads = options.threads
        var rng = RandomGenerator(seed: 0)
        let store = ParameterStore()
        let layer = Linear(inputSize: inputSize, outputSize: outputSize, scope: store.scope("fc"), rng: &rng)
        let x = rng.normalTensor(shape: [batch, inputSize])
        var y = Tensor(shape: [batch, outputSize])
        let weights = store.value(layer.weight)
        let flops = 2.0 * Double(batch * inputSize * outputSize)

        let (linear, sgemm) = bestSeconds({ _ = layer.forward(x, training: false, tape: .inference(threads: threads)) }) {
            x.withUnsafeBufferPointer { a in
                weights.withUnsafeBufferPointer { w in
                    y.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(
                            transposeB: true, m: batch, n: outputSize, k: inputSize, a: a.baseAddress!, lda: inputSize,
                            b: w.baseAddress!, ldb: inputSize, c: c.baseAddress!, ldc: outputSize, threads: threads)
                    }
                }
            }
        }
        let linearRate = flops / linear / 1e9
        let sgemmRate = flops / sgemm / 1e9
        print("Linear forward [\(batch), \(inputSize)] x [\(inputSize), \(outputSize)] + bias, threads \(threads.count)")
        print("  Linear.forward : \(format(linear * 1e6)) µs/call  \(format(linearRate)) GFLOP/s")
        print("  BLAS.gemm      : \(format(sgemm * 1e6)) µs/call  \(format(sgemmRate)) GFLOP/s")
        print("  ratio          : \(format(100 * linearRate / sgemmRate)) % of bare sgemm")
    }

    /// The best per-call times, in seconds, of `first` and `second` over 15 alternating
    /// rounds of 20 calls each after 10 warm-up calls of each (alternating makes both see
    /// the same machine load).
    static func bestSeconds(_ first: () -> Void, _ second: () -> Void) -> (Double, Double) {
        for _ in 0..<10 { first(); second() }
        let clock = ContinuousClock()
        func perCall(_ body: () -> Void) -> Double {
            let (seconds, attoseconds) = clock.measure { for _ in 0..<20 { body() } }.components
            return (Double(seconds) + Double(attoseconds) * 1e-18) / 20
        }
        var best = (Double.infinity, Double.infinity)
        for _ in 0..<15 {
            best.0 = min(best.0, perCall(first))
            best.1 = min(best.1, perCall(second))
        }
        return best
    }

    static func format(_ value: Double) -> String { String(cFormat: "%.1f", value) }
}
