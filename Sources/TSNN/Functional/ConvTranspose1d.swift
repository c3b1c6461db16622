import TSTensor

extension ConvAxis {
    /// `(n − 1)·s − 2p + d·(k − 1) + outputPadding + 1`, the output length of a transposed
    /// convolution (PyTorch's `ConvTranspose1d`); only integer padding applies, and
    /// `outputPadding < stride`.
    public func transposedOutputSize(inputSize n: Int, kernel: Int, outputPadding: Int = 0) -> Int {
        switch padding {
        case .explicit, .valid: break
        case .same, .causal: preconditionFailure("transposed convolution: padding must be an integer, got \(padding)")
        }
        precondition(
            outputPadding >= 0 && outputPadding < stride,
            "transposed convolution: outputPadding \(outputPadding) must be in 0..<stride (\(stride))")
        let size = (n - 1) * stride - 2 * padding(kernel: kernel).before + dilation * (kernel - 1) + outputPadding + 1
        precondition(size >= 1, "transposed convolution: input length \(n), kernel \(kernel) and padding give output length \(size)")
        return size
    }
}

/// 1-D transposed convolution (PyTorch's `conv_transpose1d`, groups = 1), the adjoint of
/// `conv1dForward` in its input: `y = col2im(Wᵀ·x) (+ bias)`, i.e.
/// `y[b, o, t·s − p + j·d] += Σ_c W[c, o, j] · x[b, c, t]`.
///
/// Shapes: `input [B, C_in, T]`, `weight [C_in, C_out, k]` (PyTorch's layout),
/// `bias [C_out]` or nil, `output [B, C_out, T_out]` with
/// `T_out = axis.transposedOutputSize(inputSize: T, kernel: k, outputPadding:)`. The
/// operator is the input-gradient pass of the convolution `[B, C_out, T_out] → [B, C_in, T]`
/// with the same weight, so it shares `ConvPlan` and its GEMMs.
/// `threads` bounds the parallel parts (see `ConvPlan`; one by default).
public func convTranspose1dForward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, axis: ConvAxis = ConvAxis(), outputPadding: Int = 0,
    output: inout Tensor, workspace: ConvWorkspace,
    threads: ComputeThreads = .single
) {
    let plan = transposedPlan("convTranspose1dForward", input: input, weight: weight, axis: axis, outputPadding: outputPadding, threads: threads)
    let channels = weight.shape[1], length = plan.shape.width
    if let bias { precondition(bias.shape == [channels], "convTranspose1dForward: bias \(bias.shape) must be [\(channels)]") }
    output.reuse(shape: [input.shape[0], channels, length])
    input.withUnsafeBufferPointer { x in
        weight.withUnsafeBufferPointer { w in
            output.withUnsafeMutableBufferPointer { y in
                plan.inputGradient(dy: x.baseAddress!, weight: w.baseAddress!, dx: y.baseAddress!, workspace: workspace)
                guard let bias else { return }
                for row in 0..<(input.shape[0] * channels) {
                    let b = bias.scalars[row % channels]
                    for t in 0..<length { y[row * length + t] += b }
                }
            }
        }
    }
}

/// Backward of `convTranspose1dForward` for `dOutput [B, C_out, T_out]`: `dWeight += ∂L/∂W`
/// (`[C_in, C_out, k]`), `dBias += ∂L/∂b` (`[C_out]`, nil without bias), `dInput = ∂L/∂x`
/// (`[B, C_in, T]`, overwritten; nil to skip) — the convolution of `dOutput` with `W`.
/// `threads` bounds the parallel parts (see `ConvPlan`; one by default).
public func convTranspose1dBackward(
    _ dOutput: Tensor, input: Tensor, weight: Tensor, axis: ConvAxis = ConvAxis(), outputPadding: Int = 0,
    dInput: inout Tensor?, dWeight: inout Tensor, dBias: inout Tensor?, workspace: ConvWorkspace,
    threads: ComputeThreads = .single
) {
    let plan = transposedPlan("convTranspose1dBackward", input: input, weight: weight, axis: axis, outputPadding: outputPadding, threads: threads)
    let outputShape = [input.shape[0], weight.shape[1], plan.shape.width]
    precondition(dOutput.shape == outputShape, "convTranspose1dBackward: dOutput \(dOutput.shape) must be \(outputShape)")
    checkGradientBuffers("convTranspose1dBackward", dWeight: dWeight, weightShape: weight.shape, dBias: dBias, channels: weight.shape[1])
    dOutput.withUnsafeBufferPointer { dy in
        // The input gradient first: its forward pass leaves im2col(dy) in the workspace,
        // which the weight gradient then takes instead of rebuilding it.
        if dInput != nil {
            dInput!.reuse(shape: input.shape)
            weight.withUnsafeBufferPointer { w in
                dInput!.withUnsafeMutableBufferPointer { dx in
                    plan.forward(x: dy.baseAddress!, weight: w.baseAddress!, bias: nil, y: dx.baseAddress!, workspace: workspace)
                }
            }
        }
        input.withUnsafeBufferPointer { x in
            dWeight.withUnsafeMutableBufferPointer { dw in
                plan.accumulateWeightGradient(
                    dy: x.baseAddress!, x: dy.baseAddress!, dWeight: dw.baseAddress!, workspace: workspace,
                    columnsFromForward: dInput != nil)
            }
        }
        accumulateBiasGradient(
            dy.baseAddress!, shape: (outputShape[0], outputShape[1], outputShape[2]), into: &dBias, workspace: workspace)
    }
}

/// The convolution `[B, C_out, T_out] → [B, C_in, T]` whose input-gradient pass is the
/// transposed convolution of `input [B, C_in, T]` with `weight [C_in, C_out, k]`.
private func transposedPlan(_ op: String, input: Tensor, weight: Tensor, axis: ConvAxis, outputPadding: Int, threads: ComputeThreads) -> ConvPlan {
    precondition(
        input.rank == 3 && weight.rank == 3 && input.shape[1] == weight.shape[0],
        "\(op): expected input [B, C_in, T] and weight [C_in, C_out, k], got \(input.shape) and \(weight.shape)")
    let length = axis.transposedOutputSize(inputSize: input.shape[2], kernel: weight.shape[2], outputPadding: outputPadding)
    let plan = ConvPlan(
        batch: input.shape[0], inChannels: weight.shape[1], inputSize: (1, length), outChannels: weight.shape[0],
        kernel: (1, weight.shape[2]), height: ConvAxis(), width: axis, threads: threads)
    assert(plan.shape.outWidth == input.shape[2], "\(op): the dual convolution must map back to length \(input.shape[2])")
    return plan
}
