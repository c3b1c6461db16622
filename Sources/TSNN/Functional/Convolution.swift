import TSTensor

// The tensor-level convolution shared by `conv1d…` and `conv2d…`: the public functions check
// the ranks and name the shapes, these run a `ConvPlan` on the elements.

/// `output = W ⋆ input (+ bias)`, reshaped to `outputShape`.
func convolutionForward(
    _ plan: ConvPlan, input: Tensor, weight: Tensor, bias: Tensor?, output: inout Tensor,
    outputShape: [Int], workspace: ConvWorkspace
) {
    output.reuse(shape: outputShape)
    input.withUnsafeBufferPointer { x in
        weight.withUnsafeBufferPointer { w in
            output.withUnsafeMutableBufferPointer { y in
                if let bias {
                    bias.withUnsafeBufferPointer { b in
                        plan.forward(x: x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!, y: y.baseAddress!, workspace: workspace)
                    }
                } else {
                    plan.forward(x: x.baseAddress!, weight: w.baseAddress!, bias: nil, y: y.baseAddress!, workspace: workspace)
                }
            }
        }
    }
}

/// `dWeight += ∂L/∂W`, `dBias += ∂L/∂b` (when not nil), `dInput = ∂L/∂x` (when not nil,
/// reshaped to `input.shape`); `columnsFromForward` as in `ConvPlan.backward`.
func convolutionBackward(
    _ plan: ConvPlan, dOutput: Tensor, input: Tensor, weight: Tensor, dInput: inout Tensor?,
    dWeight: inout Tensor, dBias: inout Tensor?, workspace: ConvWorkspace, columnsFromForward: Bool
) {
    dInput?.reuse(shape: input.shape)
    dOutput.withUnsafeBufferPointer { dy in
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                dWeight.withUnsafeMutableBufferPointer { dw in
                    func run(_ dx: UnsafeMutablePointer<Float>?) {
                        plan.backward(
                            dy: dy.baseAddress!, x: x.baseAddress!, weight: w.baseAddress!, dWeight: dw.baseAddress!, dx: dx,
                            workspace: workspace, columnsFromForward: columnsFromForward)
                    }
                    if dInput == nil { run(nil) } else { dInput!.withUnsafeMutableBufferPointer { run($0.baseAddress!) } }
                }
            }
        }
        accumulateBiasGradient(
            dy.baseAddress!, shape: (plan.batch, plan.outChannels, plan.positions), into: &dBias, workspace: workspace)
    }
}

/// Checks the parameter-gradient buffers of a layer with weight shape `weightShape` and
/// `channels` output channels.
func checkGradientBuffers(_ op: String, dWeight: Tensor, weightShape: [Int], dBias: Tensor?, channels: Int) {
    precondition(dWeight.shape == weightShape, "\(op): dWeight \(dWeight.shape) must have the weight's shape \(weightShape)")
    if let dBias { precondition(dBias.shape == [channels], "\(op): dBias \(dBias.shape) must be [\(channels)]") }
}
