import CBLAS
import Foundation
import TSNN
import TSTensor

/// `tsforecast-bench linear`: `Linear.forward` on `x [B, F] × Wᵀ [F, O]` (+ bias) against
/// one bare `cblas_sgemm` of the same size writing into a preallocated output; prints
/// GFLOP/s (`2·B·F·O` flops per call) of both and their ratio.
enum LinearBenchmark {
    static let batch = 256
    static let inputSize = 512
    static let outputSize = 512

    static func run() {
        var rng = RandomGenerator(seed: 0)
        let store = ParameterStore()
        let layer = Linear(inputSize: inputSize, outputSize: outputSize, store: store, name: "fc", rng: &rng)
        let x = rng.normalTensor(shape: [batch, inputSize])
        var y = Tensor(shape: [batch, outputSize])
        let weights = store.value(layer.weight)
        let flops = 2.0 * Double(batch * inputSize * outputSize)

        let linear = bestSeconds { _ = layer.forward(x, training: false) }
        let sgemm = bestSeconds {
            x.withUnsafeBufferPointer { a in
                weights.withUnsafeBufferPointer { w in
                    y.withUnsafeMutableBufferPointer { c in
                        cblas_sgemm(
                            CblasRowMajor, CblasNoTrans, CblasTrans, blasint(batch), blasint(outputSize), blasint(inputSize),
                            1, a.baseAddress!, blasint(inputSize), w.baseAddress!, blasint(inputSize),
                            0, c.baseAddress!, blasint(outputSize))
                    }
                }
            }
        }
        let linearRate = flops / linear / 1e9
        let sgemmRate = flops / sgemm / 1e9
        print("Linear forward [\(batch), \(inputSize)] x [\(inputSize), \(outputSize)] + bias, BLAS threads \(BLAS.threads)")
        print("  Linear.forward : \(format(linear * 1e6)) µs/call  \(format(linearRate)) GFLOP/s")
        print("  cblas_sgemm    : \(format(sgemm * 1e6)) µs/call  \(format(sgemmRate)) GFLOP/s")
        print("  ratio          : \(format(100 * linearRate / sgemmRate)) % of bare sgemm")
    }

    /// The best per-call time, in seconds, over 7 rounds of 50 calls after 10 warm-up calls.
    static func bestSeconds(_ body: () -> Void) -> Double {
        for _ in 0..<10 { body() }
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<7 {
            let elapsed = clock.measure { for _ in 0..<50 { body() } }
            let (seconds, attoseconds) = elapsed.components
            best = min(best, (Double(seconds) + Double(attoseconds) * 1e-18) / 50)
        }
        return best
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
