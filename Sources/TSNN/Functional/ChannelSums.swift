import TSTensor

/// `sums[c] += Σ_b Σ_n x[b, c, n]` over `x [B, C, N]` (one `gemv` with a vector of ones per
/// sample): the bias gradient of a convolution.
func accumulateChannelSums(
    _ x: UnsafePointer<Float>, batch: Int, channels: Int, inner: Int,
    into sums: UnsafeMutablePointer<Float>, workspace: ConvWorkspace
) {
    guard inner > 0 else { return }
    workspace.reserveOnes(inner)
    workspace.ones.withUnsafeBufferPointer { ones in
        for b in 0..<batch {
            BLAS.gemv(
                m: channels, n: inner, a: x + b * channels * inner, lda: inner,
                x: ones.baseAddress!, beta: 1, y: sums)
        }
    }
}

/// `dBias += Σ_b Σ_n dy[b, ·, n]` over `dy [B, C, N]` when `dBias` is not nil (`[C]`).
func accumulateBiasGradient(
    _ dy: UnsafePointer<Float>, shape: (batch: Int, channels: Int, inner: Int), into dBias: inout Tensor?,
    workspace: ConvWorkspace
) {
    guard dBias != nil else { return }
    dBias!.withUnsafeMutableBufferPointer { db in
        accumulateChannelSums(
            dy, batch: shape.batch, channels: shape.channels, inner: shape.inner, into: db.baseAddress!, workspace: workspace)
    }
}
