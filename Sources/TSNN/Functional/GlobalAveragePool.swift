import TSTensor

/// Global average pooling: `input [B, C, …] → output [B, C]`, `output[b, c]` the mean of
/// the `L` trailing elements of channel `c` (`L` the product of the trailing dimensions, at
/// least 1). The average-pooling kernel with one window of `L` elements. `threads` as in
/// `maxPool1dForward`.
public func globalAveragePoolForward(_ input: Tensor, output: inout Tensor, threads: ComputeThreads = .single) {
    let plan = globalPlan("globalAveragePoolForward", input.shape)
    avgPoolForward(plan, input, true, &output, outputShape: Array(input.shape.prefix(2)), threads: threads)
}

/// Backward of `globalAveragePoolForward`: `dInput` (shape `inputShape`, overwritten)
/// `= dOutput[b, c] / L` on every element of channel `c`.
public func globalAveragePoolBackward(
    _ dOutput: Tensor, inputShape: [Int], dInput: inout Tensor, threads: ComputeThreads = .single
) {
    let plan = globalPlan("globalAveragePoolBackward", inputShape)
    precondition(dOutput.shape == Array(inputShape.prefix(2)), "globalAveragePoolBackward: dOutput \(dOutput.shape) must be \(Array(inputShape.prefix(2)))")
    avgPoolBackward(plan, dOutput, inputShape, true, &dInput, threads: threads)
}

private func globalPlan(_ op: String, _ shape: [Int]) -> PoolPlan {
    precondition(shape.count >= 3, "\(op): expected input [B, C, …] with at least one trailing dimension, got \(shape)")
    let length = shape.dropFirst(2).reduce(1, *)
    precondition(length >= 1, "\(op): empty trailing dimensions in \(shape)")
    return PoolPlan(planes: shape[0] * shape[1], inputSize: (1, length), height: PoolAxis(kernel: 1), width: PoolAxis(kernel: length))
}
