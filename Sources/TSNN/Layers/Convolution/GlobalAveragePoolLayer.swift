import TSTensor

/// Global average pooling (the FCN's and ResNet's head; PyTorch's
/// `AdaptiveAvgPool1d(1)` followed by `Flatten`): `[B, C, …] → [B, C]`, each output the
/// mean of its channel's `L` trailing elements; the pullback spreads `dy / L` over them.
/// No parameters.
public final class GlobalAveragePool: Layer {
    /// A global average pool `[B, C, …] → [B, C]`.
    public init() {}

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count >= 3, "GlobalAveragePool: expected input [B, C, …] with a trailing axis, got \(inputShape)")
        return Array(inputShape.prefix(2))
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        _ = outputShape(for: input.shape)
        var output = Tensor(shape: [])
        let threads = tape?.threads ?? .single
        globalAveragePoolForward(input, output: &output, threads: threads)
        let shape = input.shape
        tape?.record { dOutput in
            var dInput = Tensor(shape: [])
            globalAveragePoolBackward(dOutput, inputShape: shape, dInput: &dInput, threads: threads)
            return dInput
        }
        return output
    }
}
