import TSTensor

/// 2-D convolution (cross-correlation, as PyTorch's `conv2d`, groups = 1), forward:
/// `y[b, o, i, j] = bias[o] + Σ_{c, p, q} W[o, c, p, q] · x[b, c, i·s_h − pad_h + p·d_h, j·s_w − pad_w + q·d_w]`.
///
/// Shapes: `input [B, C_in, H, W]`, `weight [C_out, C_in, kH, kW]`, `bias [C_out]` or nil,
/// `output [B, C_out, outH, outW]` with `outH = height.outputSize(inputSize: H, kernel: kH)`
/// (likewise `outW`). `output` is overwritten; its storage is reused when it already has
/// that shape. One im2col and one sgemm for the whole batch (see `ConvPlan`).
/// `threads` bounds the parallel parts (see `ConvPlan`; one by default).
public func conv2dForward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, height: ConvAxis = ConvAxis(), width: ConvAxis = ConvAxis(),
    output: inout Tensor, workspace: ConvWorkspace,
    threads: ComputeThreads = .single
) {
    let plan = conv2dPlan("conv2dForward", input: input, weight: weight, bias: bias, height: height, width: width, threads: threads)
    convolutionForward(
        plan, input: input, weight: weight, bias: bias, output: &output,
        outputShape: [input.shape[0], weight.shape[0], plan.shape.outHeight, plan.shape.outWidth], workspace: workspace)
}

/// Backward of `conv2dForward` for `dOutput = ∂L/∂y [B, C_out, outH, outW]`:
/// `dWeight += ∂L/∂W` (`[C_out, C_in, kH, kW]`), `dBias += ∂L/∂b` (`[C_out]`; pass nil for a
/// convolution without bias) — parameter gradients accumulate, so a layer applied twice sums
/// them — and `dInput = ∂L/∂x` (`[B, C_in, H, W]`, overwritten; pass nil to skip it).
/// `threads` bounds the parallel parts (see `ConvPlan`; one by default).
/// `columnsFromForward`: `workspace` was last used by the `conv2dForward` of this `input`
/// (its `columnsVersion` unchanged since), so its columns are `input`'s im2col and the
/// weight gradient takes them instead of rebuilding them (the same bits either way).
public func conv2dBackward(
    _ dOutput: Tensor, input: Tensor, weight: Tensor, height: ConvAxis = ConvAxis(), width: ConvAxis = ConvAxis(),
    dInput: inout Tensor?, dWeight: inout Tensor, dBias: inout Tensor?, workspace: ConvWorkspace,
    threads: ComputeThreads = .single, columnsFromForward: Bool = false
) {
    let plan = conv2dPlan("conv2dBackward", input: input, weight: weight, bias: nil, height: height, width: width, threads: threads)
    let outputShape = [input.shape[0], weight.shape[0], plan.shape.outHeight, plan.shape.outWidth]
    precondition(dOutput.shape == outputShape, "conv2dBackward: dOutput \(dOutput.shape) must be \(outputShape)")
    checkGradientBuffers("conv2dBackward", dWeight: dWeight, weightShape: weight.shape, dBias: dBias, channels: weight.shape[0])
    convolutionBackward(
        plan, dOutput: dOutput, input: input, weight: weight, dInput: &dInput, dWeight: &dWeight, dBias: &dBias,
        workspace: workspace, columnsFromForward: columnsFromForward)
}

private func conv2dPlan(_ op: String, input: Tensor, weight: Tensor, bias: Tensor?, height: ConvAxis, width: ConvAxis, threads: ComputeThreads) -> ConvPlan {
    precondition(
        input.rank == 4 && weight.rank == 4 && input.shape[1] == weight.shape[1],
        "\(op): expected input [B, C_in, H, W] and weight [C_out, C_in, kH, kW], got \(input.shape) and \(weight.shape)")
    if let bias { precondition(bias.shape == [weight.shape[0]], "\(op): bias \(bias.shape) must be [\(weight.shape[0])]") }
    return ConvPlan(
        batch: input.shape[0], inChannels: input.shape[1], inputSize: (input.shape[2], input.shape[3]),
        outChannels: weight.shape[0], kernel: (weight.shape[2], weight.shape[3]), height: height, width: width, threads: threads)
}
