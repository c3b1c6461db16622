import CGateKernels
import TSTensor

/// 1-D max pooling (PyTorch's `max_pool1d`): `input [B, C, T] → output [B, C, T_out]`,
/// `T_out = axis.outputSize(inputSize: T)`; `output[b, c, t]` is the maximum of
/// `input[b, c, t·s − p ..< t·s − p + k]` (clipped to `[0, T)`). `indices` (one per output)
/// receive the position of each maximum in its `[T]` row, for the backward pass; ties keep
/// the first maximum. `output` and `indices` are overwritten (storage reused when sized).
/// `threads` bounds the parallel parts (ranges of `[T]` rows, each pooled alone: the same
/// bits for every count); the same holds for the other pooling operators.
public func maxPool1dForward(
    _ input: Tensor, axis: PoolAxis, output: inout Tensor, indices: inout [Int32], threads: ComputeThreads = .single
) {
    maxPoolForward(
        PoolPlan("maxPool1dForward", inputShape: input.shape, height: nil, width: axis), input, &output, &indices, threads)
}

/// 2-D max pooling (PyTorch's `max_pool2d`): `input [B, C, H, W] → output [B, C, outH, outW]`;
/// `indices` receive the flat position `h·W + w` of each maximum in its `[H, W]` plane
/// (PyTorch's `return_indices`); ties keep the first maximum in row-major order.
public func maxPool2dForward(
    _ input: Tensor, height: PoolAxis, width: PoolAxis, output: inout Tensor, indices: inout [Int32],
    threads: ComputeThreads = .single
) {
    maxPoolForward(
        PoolPlan("maxPool2dForward", inputShape: input.shape, height: height, width: width), input, &output, &indices, threads)
}

/// Backward of `maxPool1dForward`: `dInput [B, C, T]` (shape `inputShape`) is overwritten with
/// zeros plus `dOutput[b, c, t]` added at `indices[b, c, t]`.
public func maxPool1dBackward(
    _ dOutput: Tensor, indices: [Int32], inputShape: [Int], axis: PoolAxis, dInput: inout Tensor,
    threads: ComputeThreads = .single
) {
    maxPoolBackward(
        PoolPlan("maxPool1dBackward", inputShape: inputShape, height: nil, width: axis), dOutput, indices, inputShape, &dInput,
        threads)
}

/// Backward of `maxPool2dForward` (`dInput [B, C, H, W]`, overwritten).
public func maxPool2dBackward(
    _ dOutput: Tensor, indices: [Int32], inputShape: [Int], height: PoolAxis, width: PoolAxis, dInput: inout Tensor,
    threads: ComputeThreads = .single
) {
    maxPoolBackward(
        PoolPlan("maxPool2dBackward", inputShape: inputShape, height: height, width: width), dOutput, indices, inputShape, &dInput,
        threads)
}

private func maxPoolForward(
    _ plan: PoolPlan, _ input: Tensor, _ output: inout Tensor, _ indices: inout [Int32], _ threads: ComputeThreads
) {
    output.reuse(shape: plan.outputShape(input.shape))
    if indices.count != plan.outputCount { indices = [Int32](repeating: 0, count: plan.outputCount) }
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            indices.withUnsafeMutableBufferPointer { i in
                plan.forPlaneRanges(threads: threads) { shape, inOffset, outOffset in
                    cgk_max_pool_forward(&shape, x.baseAddress! + inOffset, y.baseAddress! + outOffset, i.baseAddress! + outOffset)
                }
            }
        }
    }
}

private func maxPoolBackward(
    _ plan: PoolPlan, _ dOutput: Tensor, _ indices: [Int32], _ inputShape: [Int], _ dInput: inout Tensor, _ threads: ComputeThreads
) {
    precondition(
        dOutput.shape == plan.outputShape(inputShape) && indices.count == dOutput.count,
        "max pooling backward: dOutput \(dOutput.shape) and \(indices.count) indices must match the output \(plan.outputShape(inputShape))")
    dInput.reuse(shape: inputShape)
    dOutput.withUnsafeBufferPointer { dy in
        indices.withUnsafeBufferPointer { i in
            dInput.withUnsafeMutableBufferPointer { dx in
                plan.forPlaneRanges(threads: threads) { shape, inOffset, outOffset in
                    cgk_max_pool_backward(&shape, dy.baseAddress! + outOffset, i.baseAddress! + outOffset, dx.baseAddress! + inOffset)
                }
            }
        }
    }
}
