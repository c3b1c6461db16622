import TSTensor

/// A 1-D transposed convolution layer (PyTorch's `nn.ConvTranspose1d`, groups = 1), on the
/// functional operator `convTranspose1dForward`: the adjoint of a `Conv1d` in its input,
/// the usual upsampling step of a convolutional decoder.
///
/// Shapes: `x [B, C_in, T] → y [B, C_out, T_out]` with `weight [C_in, C_out, k]` and
/// `bias [C_out]` (`<scope>.weight`, `<scope>.bias`, PyTorch's names and layouts),
/// `T_out = (T − 1)·s − 2p + d·(k − 1) + outputPadding + 1`.
///
/// Forward `y[b, o, t·s − p + j·d] += Σ_c W[c, o, j]·x[b, c, t]` (+ `bias[o]`); the pullback
/// accumulates `dW`, `db` into the store (skipping frozen parameters) and returns `dx`, the
/// convolution of `dy` with `W`. One `ConvWorkspace` (scratch only); not for concurrent use.
public final class TransposedConvolution: Layer {
    /// The store holding `weight` and `bias`.
    public let store: ParameterStore
    /// `[C_in, C_out, k]`.
    public let weight: ParameterEntry
    /// `[C_out]`, or `nil` without bias.
    public let bias: ParameterEntry?
    /// Stride, integer padding (`.explicit(p)` or `.valid`) and dilation of the time axis.
    public let axis: ConvAxis
    /// Extra positions added after the last output (`0 ≤ outputPadding < stride`).
    public let outputPadding: Int
    private let workspace = ConvWorkspace()

    /// `[B, inChannels, T] → [B, outChannels, T_out]` with `kernelSize` taps. Weights and
    /// bias start as in PyTorch: `U(±1/√(C_out·k))` (PyTorch's fan-in of a transposed
    /// weight is its second axis times the kernel).
    public init(
        inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
        dilation: Int = 1, bias: Bool = true, scope: ParameterScope, rng: inout RandomGenerator
    ) {
        precondition(
            inChannels > 0 && outChannels > 0 && kernelSize > 0 && padding >= 0,
            "ConvTranspose1d: channels and kernel size must be positive and padding non-negative")
        precondition(
            outputPadding >= 0 && outputPadding < stride,
            "ConvTranspose1d: outputPadding \(outputPadding) must be in 0..<stride (\(stride))")
        self.store = scope.store
        self.axis = ConvAxis(stride: stride, padding: .explicit(padding), dilation: dilation)
        self.outputPadding = outputPadding
        let initializer = Initializer.pytorchDefault(fanIn: outChannels * kernelSize)
        weight = scope.parameter("weight", shape: [inChannels, outChannels, kernelSize], initializer: initializer, rng: &rng)
        self.bias = bias ? scope.parameter("bias", shape: [outChannels], initializer: initializer, rng: &rng) : nil
    }

    /// Input channels `C_in`.
    public var inChannels: Int { weight.shape[0] }
    /// Output channels `C_out`.
    public var outChannels: Int { weight.shape[1] }

    public var ownParameters: [ParameterEntry] { [weight] + (bias.map { [$0] } ?? []) }
    public var summaryName: String { "ConvTranspose1d" }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(
            inputShape.count == 3 && inputShape[1] == inChannels,
            "ConvTranspose1d: expected input [B, \(inChannels), T], got \(inputShape)")
        let length = axis.transposedOutputSize(inputSize: inputShape[2], kernel: weight.shape[2], outputPadding: outputPadding)
        return [inputShape[0], outChannels, length]
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        _ = outputShape(for: input.shape)
        let w = store.value(weight)
        var output = Tensor(shape: [])
        convTranspose1dForward(
            input, weight: w, bias: bias.map(store.value), axis: axis, outputPadding: outputPadding, output: &output,
            workspace: workspace)
        tape?.record { [self] dOutput in backward(dOutput, input: input, weight: w) }
        return output
    }

    /// The pullback of one call with `input` and the weight values it used.
    private func backward(_ dOutput: Tensor, input: Tensor, weight w: Tensor) -> Tensor {
        var dInput: Tensor? = Tensor(shape: [])
        store.accumulateGradient(weight) { (dWeight: inout Tensor) in
            store.accumulateGradient(bias) { dBias in
                convTranspose1dBackward(
                    dOutput, input: input, weight: w, axis: axis, outputPadding: outputPadding, dInput: &dInput,
                    dWeight: &dWeight, dBias: &dBias, workspace: workspace)
            }
        }
        return dInput!
    }
}
