import CGateKernels
import TSTensor

/// The options of one spatial axis of max or average pooling (PyTorch's `kernel_size`,
/// `stride`, `padding`, `ceil_mode`; dilation 1).
public struct PoolAxis: Sendable, Equatable {
    /// Window length (≥ 1).
    public var kernel: Int
    /// Steps between consecutive windows (≥ 1).
    public var stride: Int
    /// Padding on each side (−∞ for max, 0 for average), at most half the window.
    public var padding: Int
    /// Round the output length up, keeping a last window that starts inside the input or
    /// its left padding (PyTorch's `ceil_mode=True`).
    public var ceilMode: Bool

    /// `stride` defaults to `kernel`, as in PyTorch. `padding ≤ kernel/2` (PyTorch's rule).
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) {
        let stride = stride ?? kernel
        precondition(kernel >= 1 && stride >= 1, "PoolAxis: kernel \(kernel) and stride \(stride) must be ≥ 1")
        precondition(padding >= 0 && 2 * padding <= kernel, "PoolAxis: padding \(padding) must be in 0…kernel/2 (kernel \(kernel))")
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.ceilMode = ceilMode
    }

    /// `⌊(n + 2p − k)/s⌋ + 1`, or with `ceilMode` `⌈(n + 2p − k)/s⌉ + 1` less one when that
    /// last window would start at or past `n + p`; a precondition requires at least 1.
    public func outputSize(inputSize n: Int) -> Int {
        let span = n + 2 * padding - kernel
        precondition(span >= 0, "PoolAxis: kernel \(kernel) does not fit input length \(n) padded by \(padding)")
        var count = (span + (ceilMode ? stride - 1 : 0)) / stride + 1
        if ceilMode && (count - 1) * stride >= n + padding { count -= 1 }
        return count
    }
}

/// Pooling over `planes` images `[H, W]` resolved against the options of both axes (1-D:
/// `H = 1` with `PoolAxis(kernel: 1)`).
struct PoolPlan {
    var shape: cgk_pool_shape

    init(planes: Int, inputSize: (Int, Int), height: PoolAxis, width: PoolAxis) {
        shape = cgk_pool_shape(
            planes: planes, height: inputSize.0, width: inputSize.1,
            kernelH: height.kernel, kernelW: width.kernel, strideH: height.stride, strideW: width.stride,
            padTop: height.padding, padLeft: width.padding,
            outHeight: height.outputSize(inputSize: inputSize.0), outWidth: width.outputSize(inputSize: inputSize.1))
    }

    /// A plan for `[B, C, T]` (`width` only) or `[B, C, H, W]` (`height` given) inputs;
    /// the output shape keeps the input's rank.
    init(_ op: String, inputShape: [Int], height: PoolAxis?, width: PoolAxis) {
        let rank = height == nil ? 3 : 4
        precondition(
            inputShape.count == rank,
            "\(op): expected input \(rank == 3 ? "[B, C, T]" : "[B, C, H, W]"), got \(inputShape)")
        self.init(
            planes: inputShape[0] * inputShape[1], inputSize: rank == 3 ? (1, inputShape[2]) : (inputShape[2], inputShape[3]),
            height: height ?? PoolAxis(kernel: 1), width: width)
    }

    var outputCount: Int { shape.planes * shape.outHeight * shape.outWidth }

    /// Runs `body(part, input, output)` over consecutive plane ranges (`forEachRange`, so in
    /// parallel for a large enough input): `part` is the plan's shape narrowed to the range's
    /// planes, `input` and `output` the offsets of the range's first input and output
    /// elements. Every plane is pooled alone, so the results do not depend on `threads`.
    func forPlaneRanges(threads: ComputeThreads, _ body: (inout cgk_pool_shape, Int, Int) -> Void) {
        let inPlane = shape.height * shape.width, outPlane = shape.outHeight * shape.outWidth
        forEachRange(of: shape.planes, elements: shape.planes * inPlane, threads: threads) { first, last in
            var part = shape
            part.planes = last - first
            body(&part, first * inPlane, first * outPlane)
        }
    }

    /// The output shape for an input of shape `inputShape` (rank 3 or 4).
    func outputShape(_ inputShape: [Int]) -> [Int] {
        inputShape.count == 3
            ? [inputShape[0], inputShape[1], shape.outWidth]
            : [inputShape[0], inputShape[1], shape.outHeight, shape.outWidth]
    }
}
