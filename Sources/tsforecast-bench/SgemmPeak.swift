import TSSupport
import TSTensor

/// The machine's measured sgemm rate: the best of five `n³` row-major products
/// `C = A·B` (`2n³` FLOPs each) split over `threads` (`BLAS.gemm(…, threads:)`), in GFLOP/s.
func measuredSgemmPeak(size n: Int = 2048, threads: ComputeThreads) -> Double {
    var rng = RandomGenerator(seed: 7)
    let a = rng.normalTensor(shape: [n, n])
    let b = rng.normalTensor(shape: [n, n])
    var c = Tensor(shape: [n, n])
    var best = Double.infinity
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                for run in 0..<6 {
                    let start = Date()
                    BLAS.gemm(m: n, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n, threads: threads)
                    if run > 0 { best = min(best, Date().timeIntervalSince(start)) }
                }
            }
        }
    }
    return 2 * pow(Double(n), 3) / best / 1e9
}
