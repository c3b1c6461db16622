import TSTensor

/// Flattens every axis after the batch axis (PyTorch's `nn.Flatten()`):
/// `[B, d₁, …, d_n] → [B, d₁·…·d_n]`, a reshape of the row-major elements; the pullback
/// reshapes `dy` back. No parameters.
public final class Flatten: Layer {
    /// A flatten layer `[B, …] → [B, ∏…]`.
    public init() {}

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count >= 2, "Flatten: expected input [B, …], got \(inputShape)")
        return [inputShape[0], inputShape.dropFirst().reduce(1, *)]
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let shape = input.shape
        tape?.record { dOutput in dOutput.reshaped(shape) }
        return input.reshaped(outputShape(for: shape))
    }
}
