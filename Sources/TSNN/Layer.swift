import TSTensor

/// A differentiable unit with an explicit forward/backward pair, for inputs of any rank.
///
/// `forward` maps an input (`[B, …]`) to an output of `outputShape(for: input.shape)`.
/// When given a `tape`, it records there the pullback `dOutput ↦ dInput` holding what the
/// backward pass needs; the layer itself keeps no per-call state, so it may run several
/// times before any backward (one tape per call chain). The pullback *accumulates* (`+=`)
/// the parameter gradients into the layer's `ParameterStore`, skipping frozen parameters,
/// and returns `dInput = ∂loss/∂input` (the input's shape). Without a tape nothing is
/// recorded (inference). `training` switches stochastic behaviour such as dropout.
public protocol Layer: Module {
    /// The output shape for an input of `inputShape`; traps naming the layer and the
    /// shapes when the input does not fit. Leading (batch, time) dimensions pass through
    /// unchanged and may be the symbolic sizes of `ModuleSummary` (negative values).
    func outputShape(for inputShape: [Int]) -> [Int]
    /// `input → output`, recording the pullback on `tape` when one is given.
    func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor
}

extension Layer {
    /// `input → output` without recording anything (inference, or a forward whose
    /// gradient is not needed).
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        forward(input, training: training, tape: nil)
    }
}
