import CGateKernels
import TSTensor

/// A channels-first 2-D convolution resolved against its operand sizes: input
/// `x [B, C_in, H, W]`, weight `[C_out, C_in, kH, kW]` (= `[C_out, K]`, `K = C_in·kH·kW`),
/// output `y [B, C_out, outH, outW]` (`L = outH·outW`). A 1-D convolution is the case
/// `H = kH = 1`. The three products, each one GEMM over the whole batch:
///
/// - forward: `cols = im2col(x) [K, B·L]`, `Y = W·cols [C_out, B·L]` (+ bias), `y = Y`
///   reordered to `[B, C_out, L]`;
/// - input gradient: `dCols = Wᵀ·dY`, `dx = col2im(dCols)`;
/// - weight gradient: `dW += dY·colsᵀ` (im2col is recomputed from `x`, so no state is kept
///   between forward and backward).
///
/// Threading (`threads`): im2col and col2im run as consecutive sample ranges in parallel
/// (disjoint columns of `cols`, disjoint samples of `x`: no effect on the results), and
/// the GEMMs are split by `BLAS.gemm(…, threads:)` (bitwise reproducible for a fixed
/// count; across counts within BLAS's rounding of one dot product of `K`, `C_out` or `B·L`
/// terms).
struct ConvPlan {
    var shape: cgk_conv_shape
    let outChannels: Int
    let threads: ComputeThreads

    /// `inputSize = (H, W)`, `kernel = (kH, kW)`.
    init(
        batch: Int, inChannels: Int, inputSize: (Int, Int), outChannels: Int, kernel: (Int, Int),
        height: ConvAxis, width: ConvAxis, threads: ComputeThreads
    ) {
        let outH = height.outputSize(inputSize: inputSize.0, kernel: kernel.0)
        let outW = width.outputSize(inputSize: inputSize.1, kernel: kernel.1)
        shape = cgk_conv_shape(
            batch: batch, channels: inChannels, height: inputSize.0, width: inputSize.1,
            kernelH: kernel.0, kernelW: kernel.1, strideH: height.stride, strideW: width.stride,
            dilationH: height.dilation, dilationW: width.dilation,
            padTop: height.padding(kernel: kernel.0).before, padLeft: width.padding(kernel: kernel.1).before,
            outHeight: outH, outWidth: outW)
        self.outChannels = outChannels
        self.threads = threads
    }

    /// The fewest `cols` elements worth splitting im2col/col2im over the samples.
    static let minimumSplitColumns = 1 << 15

    /// Runs `body(first, last)` over consecutive sample ranges covering `0..<batch`: in
    /// parallel on the worker team when the `K·B·L` columns are worth it, else once.
    private func forSampleRanges(_ body: (Int, Int) -> Void) {
        let parts = reduction * batch * positions < Self.minimumSplitColumns ? 1 : min(threads.usable, batch)
        if parts <= 1 { return body(0, batch) }
        WorkerTeam.shared.run(count: parts) { p in body(p * batch / parts, (p + 1) * batch / parts) }
    }

    var batch: Int { shape.batch }
    /// `K = C_in·kH·kW`, the length of each output's dot product.
    var reduction: Int { shape.channels * shape.kernelH * shape.kernelW }
    /// `L = outH·outW`.
    var positions: Int { shape.outHeight * shape.outWidth }
    var inputCount: Int { shape.batch * shape.channels * shape.height * shape.width }

    /// Calls `body` with the workspace's `columns [K, B·L]` and `rows [C_out, B·L]` buffers
    /// (grown to fit); does nothing for an empty output.
    private func withBuffers(
        _ workspace: ConvWorkspace,
        _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) {
        let columns = batch * positions
        guard columns > 0 else { return }
        workspace.reserve(columns: reduction * columns, rows: outChannels * columns)
        workspace.columns.withUnsafeMutableBufferPointer { cols in
            workspace.rows.withUnsafeMutableBufferPointer { rows in
                body(cols.baseAddress!, rows.baseAddress!)
            }
        }
    }

    /// `cols = im2col(x)`, over sample ranges in parallel.
    private func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        forSampleRanges { first, last in
            var s = shape
            cgk_im2col(&s, first, last, x, cols)
        }
    }

    /// `dx = col2im(cols)`, over sample ranges in parallel.
    private func col2im(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        forSampleRanges { first, last in
            var s = shape
            cgk_col2im(&s, first, last, cols, dx)
        }
    }

    /// `dy [B, C_out, L]` as `[C_out, B·L]`: reordered into `rows`, or `dy` itself for one sample.
    private func channelMajor(_ dy: UnsafePointer<Float>, _ rows: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if batch == 1 { return dy }
        cgk_swap_outer(batch, outChannels, positions, dy, rows)
        return UnsafePointer(rows)
    }

    /// `y = W ⋆ x (+ bias)`, all `B·C_out·L` elements of `y` written.
    func forward(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        y: UnsafeMutablePointer<Float>, workspace: ConvWorkspace
    ) {
        let columns = batch * positions
        withBuffers(workspace) { cols, rows in
            im2col(x, cols)
            let product = batch == 1 ? y : rows  // one sample: `[C_out, L]` is already y's layout
            if let bias {
                for o in 0..<outChannels { (product + o * columns).update(repeating: bias[o], count: columns) }
            }
            BLAS.gemm(
                m: outChannels, n: columns, k: reduction, a: weight, lda: reduction,
                b: cols, ldb: columns, beta: bias == nil ? 0 : 1, c: product, ldc: columns, threads: threads)
            if batch > 1 { cgk_swap_outer(outChannels, batch, positions, rows, y) }
        }
    }

    /// `dx = col2im(Wᵀ·dY)` (overwrites all `inputCount` elements of `dx`).
    func inputGradient(
        dy: UnsafePointer<Float>, weight: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        workspace: ConvWorkspace
    ) {
        let columns = batch * positions
        if columns == 0 { dx.update(repeating: 0, count: inputCount) }
        withBuffers(workspace) { cols, rows in
            BLAS.gemm(
                transposeA: true, m: reduction, n: columns, k: outChannels,
                a: weight, lda: reduction, b: channelMajor(dy, rows), ldb: columns, c: cols, ldc: columns,
                threads: threads)
            col2im(cols, dx)
        }
    }

    /// `dW += dY·im2col(x)ᵀ` (`dW [C_out, K]`).
    func accumulateWeightGradient(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, dWeight: UnsafeMutablePointer<Float>,
        workspace: ConvWorkspace
    ) {
        let columns = batch * positions
        withBuffers(workspace) { cols, rows in
            im2col(x, cols)
            BLAS.gemm(
                transposeB: true, m: outChannels, n: reduction, k: columns,
                a: channelMajor(dy, rows), lda: columns, b: cols, ldb: columns, beta: 1, c: dWeight, ldc: reduction,
                threads: threads)
        }
    }
}
