import TSTensor

/// A differentiable unit operation with an explicit forward/backward pair.
///
/// `forward` maps `[B, inputSize]` to `[B, outputSize]` and caches what `backward`
/// needs; `backward` takes `dOutput = ∂loss/∂output` (`[B, outputSize]`), *accumulates*
/// (`+=`) the parameter gradients into the layer's `ParameterStore`, and returns
/// `dInput = ∂loss/∂input` (`[B, inputSize]`). `backward` refers to the most recent
/// `forward` call. `training` switches stochastic behaviour such as dropout.
public protocol Layer: AnyObject {
    /// Features per input row.
    var inputSize: Int { get }
    /// Features per output row.
    var outputSize: Int { get }
    /// `[B, inputSize] → [B, outputSize]`, caching what `backward` needs.
    func forward(_ input: Tensor, training: Bool) -> Tensor
    /// `dOutput [B, outputSize] → dInput [B, inputSize]`; accumulates parameter gradients.
    func backward(_ dOutput: Tensor) -> Tensor
}
