import CGateKernels
import TSTensor

/// A channels-first 2-D convolution resolved against its operand sizes: input
/// `x [B, C_in, H, W]`, weight `[C_out, C_in, kH, kW]` (= `[C_out, K]`, `K = C_in·kH·kW`),
/// output `y [B, C_out, outH, outW]` (`L = outH·outW`). A 1-D convolution is the case
/// `H = kH = 1`.
///
/// On the AVX2 and AVX-512 paths, for samples of 32 or more output positions, the direct
/// kernels (`cgk_conv_direct…`: each sample padded once, register tiles reading the weights
/// and the padded image in place; no im2col matrix, no BLAS packing, no reordering) run the
/// forward pass (`isDirect`), the input gradient at stride 1 (`isDirectInput`) and the
/// weight gradient when `C_out·K ≤ 4096` (`directWeightBlocks`). Everything else (the
/// baseline path, fewer positions, the input gradient at a stride above 1, larger weight
/// gradients) is one GEMM over the whole batch:
///
/// - forward: `cols = im2col(x) [K, B·L]`, `Y = W·cols [C_out, B·L]` (+ bias), `y = Y`
///   reordered to `[B, C_out, L]`;
/// - input gradient: `dCols = Wᵀ·dY`, `dx = col2im(dCols)`;
/// - weight gradient: `dW += dY·colsᵀ` (im2col recomputed from `x`, or, with
///   `columnsFromForward`, the forward's columns still in the workspace: one im2col pass
///   less per step, at no extra memory since the workspace holds `cols` anyway).
///
/// Threading (`threads`): the direct kernels, im2col, col2im and the `[B, C_out, L] ↔
/// [C_out, B, L]` reorderings run as consecutive sample (or channel) ranges in parallel
/// (disjoint parts of their outputs, each element computed the same way in any range: no
/// effect on the results), and the GEMMs are split by `BLAS.gemm(…, threads:)` (bitwise
/// reproducible for a fixed count; across counts within BLAS's rounding of one dot product
/// of `K`, `C_out` or `B·L` terms).
struct ConvPlan {
    var shape: cgk_conv_shape
    let outChannels: Int
    let threads: ComputeThreads
    /// Whether the forward pass runs the direct kernel (`cgk_conv_direct_supported`: the AVX2
    /// and AVX-512 paths, 32 or more output positions per sample), which builds no columns.
    let isDirect: Bool
    /// Whether the input gradient runs the direct kernel (`cgk_conv_direct_input_gradient`:
    /// as `isDirect`, at stride 1).
    let isDirectInput: Bool
    /// The tap blocks of the direct weight gradient (`cgk_conv_direct_weight_blocks`: as
    /// `isDirect`, with `C_out·K ≤ 4096`), 0 where the GEMM computes it.
    let directWeightBlocks: Int

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
        var s = shape
        isDirect = cgk_conv_direct_supported(&s) != 0
        isDirectInput = cgk_conv_direct_input_gradient_supported(&s) != 0
        directWeightBlocks = cgk_conv_direct_weight_blocks(&s, outChannels)
    }

    /// `forEachRange` on the plan's threads.
    private func forRanges(of count: Int, elements: Int, _ body: (Int, Int) -> Void) {
        forEachRange(of: count, elements: elements, threads: threads, body)
    }

    /// `y [middle, outer, L] = x [outer, middle, L]` reordered, over ranges of `outer` in parallel.
    private func swapOuter(outer: Int, middle: Int, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        forRanges(of: outer, elements: outer * middle * positions) { first, last in
            cgk_swap_outer(outer, middle, positions, first, last, x, y)
        }
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
        workspace.markUse()
        workspace.reserve(columns: reduction * columns, rows: outChannels * columns)
        workspace.columns.withUnsafeMutableBufferPointer { cols in
            workspace.rows.withUnsafeMutableBufferPointer { rows in
                body(cols.baseAddress!, rows.baseAddress!)
            }
        }
    }

    /// `cols = im2col(x)`, over sample ranges in parallel.
    private func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        forRanges(of: batch, elements: reduction * batch * positions) { first, last in
            var s = shape
            cgk_im2col(&s, first, last, x, cols)
        }
    }

    /// `dx = col2im(cols)`, over sample ranges in parallel.
    private func col2im(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        forRanges(of: batch, elements: reduction * batch * positions) { first, last in
            var s = shape
            cgk_col2im(&s, first, last, cols, dx)
        }
    }

    /// `dy [B, C_out, L]` as `[C_out, B·L]`: reordered into `rows`, or `dy` itself for one sample.
    private func channelMajor(_ dy: UnsafePointer<Float>, _ rows: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if batch == 1 { return dy }
        swapOuter(outer: batch, middle: outChannels, dy, rows)
        return UnsafePointer(rows)
    }

    /// The multiply-adds of one pass, `B·C_out·L·K`, the work a sample range is split by.
    private var multiplyAdds: Int { batch * outChannels * positions * reduction }

    /// `y = W ⋆ x (+ bias)`, all `B·C_out·L` elements of `y` written: the direct kernels over
    /// sample ranges in parallel when `isDirect`, else im2col and one GEMM.
    func forward(
        x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        y: UnsafeMutablePointer<Float>, workspace: ConvWorkspace
    ) {
        if isDirect {
            workspace.markUse()
            return forRanges(of: batch, elements: multiplyAdds) { first, last in
                var s = shape
                cgk_conv_direct(&s, outChannels, first, last, x, weight, bias, y)
            }
        }
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
            if batch > 1 { swapOuter(outer: outChannels, middle: batch, rows, y) }
        }
    }

    /// `dx = col2im(Wᵀ·dY)` (overwrites all `inputCount` elements of `dx`).
    func inputGradient(
        dy: UnsafePointer<Float>, weight: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        workspace: ConvWorkspace
    ) {
        if batch * positions == 0 { dx.update(repeating: 0, count: inputCount) }
        if isDirectInput { return directInputGradient(dy, weight: weight, dx: dx) }
        withBuffers(workspace) { cols, rows in inputProduct(channelMajor(dy, rows), weight: weight, dx: dx, cols: cols) }
    }

    /// `dx = ∂L/∂x` by `cgk_conv_direct_input_gradient` over sample ranges in parallel.
    private func directInputGradient(_ dy: UnsafePointer<Float>, weight: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
        forRanges(of: batch, elements: multiplyAdds) { first, last in
            var s = shape
            cgk_conv_direct_input_gradient(&s, outChannels, first, last, dy, weight, dx)
        }
    }

    /// `dW += dY·im2col(x)ᵀ` (`dW [C_out, K]`); `columnsFromForward`: the workspace's
    /// columns are `im2col(x)` already (see `ConvWorkspace.columnsVersion`).
    func accumulateWeightGradient(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, dWeight: UnsafeMutablePointer<Float>,
        workspace: ConvWorkspace, columnsFromForward: Bool = false
    ) {
        if directWeightBlocks > 0 { return directWeightGradient(dy, x: x, dWeight: dWeight) }
        withBuffers(workspace) { cols, rows in
            weightProduct(channelMajor(dy, rows), x: x, dWeight: dWeight, cols: cols, columnsFromForward: columnsFromForward)
        }
    }

    /// `accumulateWeightGradient`, then `inputGradient` when `dx` is given, with `dy`
    /// reordered once for both.
    func backward(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        dWeight: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?, workspace: ConvWorkspace,
        columnsFromForward: Bool
    ) {
        if batch * positions == 0 { dx?.update(repeating: 0, count: inputCount) }
        let directWeights = directWeightBlocks > 0
        if directWeights { directWeightGradient(dy, x: x, dWeight: dWeight) }
        if isDirectInput, let dx { directInputGradient(dy, weight: weight, dx: dx) }
        guard !directWeights || (dx != nil && !isDirectInput) else { return }
        withBuffers(workspace) { cols, rows in
            let dY = channelMajor(dy, rows)
            if !directWeights { weightProduct(dY, x: x, dWeight: dWeight, cols: cols, columnsFromForward: columnsFromForward) }
            if let dx, !isDirectInput { inputProduct(dY, weight: weight, dx: dx, cols: cols) }
        }
    }

    /// `dW += ∂L/∂W` by `cgk_conv_direct_weight_gradient` over tap-block ranges in parallel.
    private func directWeightGradient(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, dWeight: UnsafeMutablePointer<Float>) {
        forRanges(of: directWeightBlocks, elements: multiplyAdds) { first, last in
            var s = shape
            cgk_conv_direct_weight_gradient(&s, outChannels, first, last, x, dy, dWeight)
        }
    }

    /// `dx = col2im(Wᵀ·dY)` for the channel-major `dY [C_out, B·L]`, through `cols`.
    private func inputProduct(
        _ dY: UnsafePointer<Float>, weight: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        cols: UnsafeMutablePointer<Float>
    ) {
        let columns = batch * positions
        BLAS.gemm(
            transposeA: true, m: reduction, n: columns, k: outChannels,
            a: weight, lda: reduction, b: dY, ldb: columns, c: cols, ldc: columns, threads: threads)
        col2im(cols, dx)
    }

    /// `dW += dY·im2col(x)ᵀ` for the channel-major `dY [C_out, B·L]`, through `cols` (which
    /// hold `im2col(x)` already when `columnsFromForward`).
    private func weightProduct(
        _ dY: UnsafePointer<Float>, x: UnsafePointer<Float>, dWeight: UnsafeMutablePointer<Float>,
        cols: UnsafeMutablePointer<Float>, columnsFromForward: Bool
    ) {
        let columns = batch * positions
        if !columnsFromForward || isDirect { im2col(x, cols) }
        BLAS.gemm(
            transposeB: true, m: outChannels, n: reduction, k: columns,
            a: dY, lda: columns, b: cols, ldb: columns, beta: 1, c: dWeight, ldc: reduction, threads: threads)
    }
}
