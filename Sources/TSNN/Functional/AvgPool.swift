import CGateKernels
import TSTensor

/// 1-D average pooling (PyTorch's `avg_pool1d`): `input [B, C, T] → output [B, C, T_out]`,
/// `output[b, c, t] = Σ input[b, c, window] / d` over the window `t·s − p ..< t·s − p + k`
/// clipped to `[0, T)`. With `countIncludePad` (PyTorch's default) `d` counts the padding
/// zeros too (`d = k` except for a ceil-mode window running past the padding), else only
/// the input elements in the window. `output` is overwritten (storage reused when sized).
/// `threads` as in `maxPool1dForward`.
public func avgPool1dForward(
    _ input: Tensor, axis: PoolAxis, countIncludePad: Bool = true, output: inout Tensor, threads: ComputeThreads = .single
) {
    avgPoolForward(
        PoolPlan("avgPool1dForward", inputShape: input.shape, height: nil, width: axis), input, countIncludePad, &output,
        threads: threads)
}

/// 2-D average pooling (PyTorch's `avg_pool2d`): `input [B, C, H, W] → output [B, C, outH, outW]`.
public func avgPool2dForward(
    _ input: Tensor, height: PoolAxis, width: PoolAxis, countIncludePad: Bool = true, output: inout Tensor,
    threads: ComputeThreads = .single
) {
    avgPoolForward(
        PoolPlan("avgPool2dForward", inputShape: input.shape, height: height, width: width), input, countIncludePad, &output,
        threads: threads)
}

/// Backward of `avgPool1dForward`: `dInput [B, C, T]` (shape `inputShape`, overwritten)
/// receives `dOutput / d` on every input element of each window.
public func avgPool1dBackward(
    _ dOutput: Tensor, inputShape: [Int], axis: PoolAxis, countIncludePad: Bool = true, dInput: inout Tensor,
    threads: ComputeThreads = .single
) {
    avgPoolBackward(
        PoolPlan("avgPool1dBackward", inputShape: inputShape, height: nil, width: axis), dOutput, inputShape, countIncludePad, &dInput,
        threads: threads)
}

/// Backward of `avgPool2dForward` (`dInput [B, C, H, W]`, overwritten).
public func avgPool2dBackward(
    _ dOutput: Tensor, inputShape: [Int], height: PoolAxis, width: PoolAxis, countIncludePad: Bool = true, dInput: inout Tensor,
    threads: ComputeThreads = .single
) {
    avgPoolBackward(
        PoolPlan("avgPool2dBackward", inputShape: inputShape, height: height, width: width), dOutput, inputShape, countIncludePad,
        &dInput, threads: threads)
}

/// Runs the average-pooling kernel of `plan` on `input`, writing `output` of `outputShape`.
func avgPoolForward(
    _ plan: PoolPlan, _ input: Tensor, _ countIncludePad: Bool, _ output: inout Tensor, outputShape: [Int]? = nil,
    threads: ComputeThreads
) {
    output.reuse(shape: outputShape ?? plan.outputShape(input.shape))
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            plan.forPlaneRanges(threads: threads) { shape, inOffset, outOffset in
                cgk_avg_pool_forward(&shape, countIncludePad ? 1 : 0, x.baseAddress! + inOffset, y.baseAddress! + outOffset)
            }
        }
    }
}

/// Runs the average-pooling backward kernel of `plan`, writing `dInput` of `inputShape`.
func avgPoolBackward(
    _ plan: PoolPlan, _ dOutput: Tensor, _ inputShape: [Int], _ countIncludePad: Bool, _ dInput: inout Tensor,
    threads: ComputeThreads
) {
    precondition(dOutput.count == plan.outputCount, "average pooling backward: dOutput \(dOutput.shape) does not match the pooled shape of \(inputShape)")
    dInput.reuse(shape: inputShape)
    dOutput.withUnsafeBufferPointer { dy in
        dInput.withUnsafeMutableBufferPointer { dx in
            plan.forPlaneRanges(threads: threads) { shape, inOffset, outOffset in
                cgk_avg_pool_backward(&shape, countIncludePad ? 1 : 0, dy.baseAddress! + outOffset, dx.baseAddress! + inOffset)
            }
        }
    }
}
