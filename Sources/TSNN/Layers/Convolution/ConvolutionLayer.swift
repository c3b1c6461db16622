import TSTensor

/// A convolution layer over one or two spatial axes (PyTorch's `nn.Conv1d`/`nn.Conv2d`,
/// groups = 1, zero padding), on the functional operators `conv1dForward`/`conv2dForward`.
///
/// Shapes (channels first): 1-D `x [B, C_in, T] → y [B, C_out, T_out]` with `weight
/// [C_out, C_in, k]`; 2-D `x [B, C_in, H, W] → y [B, C_out, H_out, W_out]` with `weight
/// [C_out, C_in, kH, kW]`; `bias [C_out]` (`<scope>.weight`, `<scope>.bias`, PyTorch's
/// names and layouts). Per axis `n_out = ⌊(n + p₀ + p₁ − d·(k − 1) − 1)/s⌋ + 1`, the padding
/// `(p₀, p₁)` given by `ConvPadding` (`explicit`, `valid`, `same`, and `causal` for a
/// 1-D convolution whose output `t` sees only inputs `≤ t`).
///
/// Forward `y[b, o, …] = bias[o] + Σ W[o, c, …]·x[b, c, …]` (`ConvPlan`: the direct kernels
/// on the AVX2 and AVX-512 paths, else im2col + one GEMM); the pullback accumulates `dW`,
/// `db` into the store (skipping frozen parameters) and returns `dx`. The layer keeps one
/// `ConvWorkspace`, so it allocates no im2col buffer after the first batch; not for
/// concurrent use. When no other call of the layer ran between an im2col forward (the
/// baseline path) and its pullback (the workspace's `columnsVersion` unchanged), the weight
/// gradient takes that forward's columns instead of rebuilding them; otherwise it rebuilds
/// them from the input the pullback captured.
public final class Convolution: Layer {
    /// The store holding `weight` and `bias`.
    public let store: ParameterStore
    /// `[C_out, C_in, k]` or `[C_out, C_in, kH, kW]`.
    public let weight: ParameterEntry
    /// `[C_out]`, or `nil` without bias.
    public let bias: ParameterEntry?
    /// The options of the height axis (2-D), `nil` for a 1-D convolution.
    public let height: ConvAxis?
    /// The options of the last (time or width) axis.
    public let width: ConvAxis
    private let workspace = ConvWorkspace()

    /// A 1-D convolution `[B, inChannels, T] → [B, outChannels, T_out]` with a kernel of
    /// `kernelSize` taps. Weights and bias start as in PyTorch: `U(±1/√(C_in·k))`.
    public static func conv1d(
        inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding = .valid,
        dilation: Int = 1, bias: Bool = true, scope: ParameterScope, rng: inout RandomGenerator
    ) -> Convolution {
        Convolution(
            weightShape: [outChannels, inChannels, kernelSize], height: nil,
            width: ConvAxis(stride: stride, padding: padding, dilation: dilation), bias: bias, scope: scope, rng: &rng)
    }

    /// A 2-D convolution `[B, inChannels, H, W] → [B, outChannels, H_out, W_out]` with a
    /// `kernelSize = (kH, kW)` kernel and per-axis options (`height`, `width`).
    public static func conv2d(
        inChannels: Int, outChannels: Int, kernelSize: (Int, Int), height: ConvAxis = ConvAxis(),
        width: ConvAxis = ConvAxis(), bias: Bool = true, scope: ParameterScope, rng: inout RandomGenerator
    ) -> Convolution {
        Convolution(
            weightShape: [outChannels, inChannels, kernelSize.0, kernelSize.1], height: height, width: width, bias: bias,
            scope: scope, rng: &rng)
    }

    private init(
        weightShape: [Int], height: ConvAxis?, width: ConvAxis, bias: Bool, scope: ParameterScope, rng: inout RandomGenerator
    ) {
        precondition(weightShape.allSatisfy { $0 > 0 }, "Convolution: channels and kernel sizes must be positive, got weight \(weightShape)")
        self.store = scope.store
        self.height = height
        self.width = width
        let initializer = Initializer.pytorchDefault(fanIn: weightShape.dropFirst().reduce(1, *))
        weight = scope.parameter("weight", shape: weightShape, initializer: initializer, rng: &rng)
        self.bias = bias ? scope.parameter("bias", shape: [weightShape[0]], initializer: initializer, rng: &rng) : nil
    }

    /// Input channels `C_in`.
    public var inChannels: Int { weight.shape[1] }
    /// Output channels `C_out`.
    public var outChannels: Int { weight.shape[0] }

    public var ownParameters: [ParameterEntry] { [weight] + (bias.map { [$0] } ?? []) }
    public var summaryName: String { height == nil ? "Conv1d" : "Conv2d" }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let rank = height == nil ? 3 : 4
        precondition(
            inputShape.count == rank && inputShape[1] == inChannels,
            "\(summaryName): expected input \(rank == 3 ? "[B, \(inChannels), T]" : "[B, \(inChannels), H, W]"), got \(inputShape)")
        let kernel = weight.shape
        let last = width.outputSize(inputSize: inputShape[rank - 1], kernel: kernel[rank - 1])
        if let height { return [inputShape[0], outChannels, height.outputSize(inputSize: inputShape[2], kernel: kernel[2]), last] }
        return [inputShape[0], outChannels, last]
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        _ = outputShape(for: input.shape)
        let w = store.value(weight)
        var output = Tensor(shape: [])
        let threads = tape?.threads ?? .single
        if let height {
            conv2dForward(
                input, weight: w, bias: bias.map(store.value), height: height, width: width, output: &output,
                workspace: workspace, threads: threads)
        } else {
            conv1dForward(
                input, weight: w, bias: bias.map(store.value), axis: width, output: &output, workspace: workspace,
                threads: threads)
        }
        let version = workspace.columnsVersion
        if let tape {
            tape.record { [self, unowned tape] dOutput in
                backward(
                    dOutput, input: input, weight: w, threads: threads, columnsFromForward: workspace.columnsVersion == version,
                    inputGradient: tape.inputGradientNeeded)
            }
        }
        return output
    }

    /// The pullback of one call with `input` and the weight values it used, on its `threads`;
    /// without `inputGradient` (the tape's caller discards it) `dx` is not computed and an
    /// empty tensor is returned.
    private func backward(
        _ dOutput: Tensor, input: Tensor, weight w: Tensor, threads: ComputeThreads, columnsFromForward: Bool,
        inputGradient: Bool
    ) -> Tensor {
        var dInput: Tensor? = inputGradient ? Tensor(shape: []) : nil
        store.accumulateGradient(weight) { (dWeight: inout Tensor) in
            store.accumulateGradient(bias) { dBias in
                if let height {
                    conv2dBackward(
                        dOutput, input: input, weight: w, height: height, width: width, dInput: &dInput, dWeight: &dWeight,
                        dBias: &dBias, workspace: workspace, threads: threads, columnsFromForward: columnsFromForward)
                } else {
                    conv1dBackward(
                        dOutput, input: input, weight: w, axis: width, dInput: &dInput, dWeight: &dWeight, dBias: &dBias,
                        workspace: workspace, threads: threads, columnsFromForward: columnsFromForward)
                }
            }
        }
        return dInput ?? Tensor(shape: [0])
    }
}
