import TSTensor

/// What a chain of forward calls recorded for its backward pass, owned by the caller.
///
/// Each `Layer.forward(_:training:tape:)` pushes one *pullback* `dy ↦ dx` that holds the
/// values its backward needs (the input of a `Linear`, the output of a `tanh`); layers
/// keep no cache themselves. So one layer can run on several batches before any backward
/// (a GAN discriminator on real and on fake data): give each call chain its own tape.
///
/// `backward(_:)` runs the pullbacks last-in first-out, feeding each one's `dx` to the one
/// recorded before it, and empties the tape. Parameter gradients are *accumulated* (`+=`)
/// into the layers' stores, as everywhere in TSNN, so backward passes of several tapes
/// add up. This is llm.c's rule (the model, not the op, owns the activations) applied per
/// call instead of per layer position.
///
/// ```swift
/// let tape = Tape()
/// let y = mlp.forward(x, training: true, tape: tape)   // [B, in] → [B, out]
/// let loss = MSELoss().evaluate(prediction: y, target: t)
/// let dx = tape.backward(loss.dPrediction)              // accumulates ∂L/∂θ, returns ∂L/∂x
/// ```
public final class Tape {
    /// `dOutput ↦ dInput` of one recorded call.
    public typealias Pullback = (Tensor) -> Tensor
    private var pullbacks: [Pullback] = []

    /// An empty tape.
    public init() {}

    /// Number of pullbacks recorded and not yet run.
    public var count: Int { pullbacks.count }

    /// Records the pullback of one forward call.
    public func record(_ pullback: @escaping Pullback) {
        pullbacks.append(pullback)
    }

    /// Runs every recorded pullback in reverse order starting from `dOutput` (`∂L/∂` the
    /// last recorded output), empties the tape and returns `∂L/∂` the first recorded input.
    @discardableResult
    public func backward(_ dOutput: Tensor) -> Tensor {
        var gradient = dOutput
        while let pullback = pullbacks.popLast() { gradient = pullback(gradient) }
        return gradient
    }
}
