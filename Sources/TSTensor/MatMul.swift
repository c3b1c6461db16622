/// Matrix products of rank-2 tensors through `cblas_sgemm`.
extension Tensor {
    /// `op(a)·op(b)` where `op` optionally transposes; `op(a)` is `[m, k]`, `op(b)` is
    /// `[k, n]`, the result `[m, n]`.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul: expected rank-2 operands, got \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(
            k == kb,
            "matmul: inner dimensions differ: op(a) is [\(m), \(k)] (a \(a.shape), transposeA \(transposeA)), op(b) is [\(kb), \(n)] (b \(b.shape), transposeB \(transposeB))")
        var c = Tensor(shape: [m, n])
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                        c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// The transpose of a rank-2 tensor: `[r, c] → [c, r]`.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed: expected rank 2, got \(shape)")
        let (r, c) = (shape[0], shape[1])
        var out = Tensor(shape: [c, r])
        for i in 0..<r {
            for j in 0..<c { out.scalars[j * r + i] = scalars[i * c + j] }
        }
        return out
    }
}
