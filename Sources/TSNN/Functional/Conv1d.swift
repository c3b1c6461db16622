import TSTensor

/// 1-D convolution (cross-correlation, as PyTorch's `conv1d`, groups = 1), forward:
/// `y[b, o, t] = bias[o] + Σ_{c, j} W[o, c, j] · x[b, c, t·s − pad + j·d]` (zero outside
/// `[0, T)`; `pad` the padding before the sequence, see `ConvPadding` for `same`/`causal`).
///
/// Shapes: `input [B, C_in, T]`, `weight [C_out, C_in, k]`, `bias [C_out]` or nil,
/// `output [B, C_out, T_out]`, `T_out = axis.outputSize(inputSize: T, kernel: k)`
/// `= ⌊(T + pad_before + pad_after − d·(k − 1) − 1)/s⌋ + 1`. `output` is overwritten; its
/// storage is reused when it already has that shape. Runs as a 2-D convolution with
/// `H = kH = 1` (`ConvPlan`: the direct kernels on the AVX2 and AVX-512 paths from 32 output
/// positions per sample, else one im2col and one sgemm for the whole batch).
/// `threads` bounds the parallel parts (see `ConvPlan`; one by default).
public func conv1dForward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, axis: ConvAxis = ConvAxis(), output: inout Tensor,
    workspace: ConvWorkspace,
    threads: ComputeThreads = .single
) {
    let plan = conv1dPlan("conv1dForward", input: input, weight: weight, bias: bias, axis: axis, threads: threads)
    convolutionForward(
        plan, input: input, weight: weight, bias: bias, output: &output,
        outputShape: [input.shape[0], weight.shape[0], plan.shape.outWidth], workspace: workspace)
}

/// Backward of `conv1dForward` for `dOutput = ∂L/∂y [B, C_out, T_out]`: `dWeight += ∂L/∂W`
/// (`[C_out, C_in, k]`), `dBias += ∂L/∂b` (`[C_out]`, nil without bias), `dInput = ∂L/∂x`
/// (`[B, C_in, T]`, overwritten; nil to skip it).
/// `threads` bounds the parallel parts (see `ConvPlan`; one by default).
/// `columnsFromForward`: `workspace` was last used by the `conv1dForward` of this `input`
/// (its `columnsVersion` unchanged since), so its columns are `input`'s im2col and the
/// weight gradient takes them instead of rebuilding them (the same bits either way).
public func conv1dBackward(
    _ dOutput: Tensor, input: Tensor, weight: Tensor, axis: ConvAxis = ConvAxis(),
    dInput: inout Tensor?, dWeight: inout Tensor, dBias: inout Tensor?, workspace: ConvWorkspace,
    threads: ComputeThreads = .single, columnsFromForward: Bool = false
) {
    let plan = conv1dPlan("conv1dBackward", input: input, weight: weight, bias: nil, axis: axis, threads: threads)
    let outputShape = [input.shape[0], weight.shape[0], plan.shape.outWidth]
    precondition(dOutput.shape == outputShape, "conv1dBackward: dOutput \(dOutput.shape) must be \(outputShape)")
    checkGradientBuffers("conv1dBackward", dWeight: dWeight, weightShape: weight.shape, dBias: dBias, channels: weight.shape[0])
    convolutionBackward(
        plan, dOutput: dOutput, input: input, weight: weight, dInput: &dInput, dWeight: &dWeight, dBias: &dBias,
        workspace: workspace, columnsFromForward: columnsFromForward)
}

private func conv1dPlan(_ op: String, input: Tensor, weight: Tensor, bias: Tensor?, axis: ConvAxis, threads: ComputeThreads) -> ConvPlan {
    precondition(
        input.rank == 3 && weight.rank == 3 && input.shape[1] == weight.shape[1],
        "\(op): expected input [B, C_in, T] and weight [C_out, C_in, k], got \(input.shape) and \(weight.shape)")
    if let bias { precondition(bias.shape == [weight.shape[0]], "\(op): bias \(bias.shape) must be [\(weight.shape[0])]") }
    return ConvPlan(
        batch: input.shape[0], inChannels: input.shape[1], inputSize: (1, input.shape[2]),
        outChannels: weight.shape[0], kernel: (1, weight.shape[2]), height: ConvAxis(), width: axis, threads: threads)
}
