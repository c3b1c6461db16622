import TSTensor

/// Splits the feature axis of `[B, F]` into `shape` (PyTorch's `nn.Unflatten(1, shape)`):
/// `[B, d₁·…·d_n] → [B, d₁, …, d_n]`, a reshape of the row-major elements, the inverse of
/// `Flatten`; the pullback reshapes `dy` back to `[B, F]`. No parameters.
public final class Unflatten: Layer {
    /// `[d₁, …, d_n]`, the shape of one sample after the layer.
    public let shape: [Int]

    /// Unflattens to `[B] + shape`.
    public init(_ shape: [Int]) {
        precondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "Unflatten: the shape must be positive sizes, got \(shape)")
        self.shape = shape
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let width = shape.reduce(1, *)
        precondition(inputShape.count == 2 && inputShape[1] == width, "Unflatten: expected input [B, \(width)], got \(inputShape)")
        return [inputShape[0]] + shape
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let inputShape = input.shape
        tape?.record { dOutput in dOutput.reshaped(inputShape) }
        return input.reshaped(outputShape(for: inputShape))
    }
}
