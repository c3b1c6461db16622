import TSTensor

/// Batch normalisation over the channel axis (PyTorch's `nn.BatchNorm1d` on `[B, C]` or
/// `[B, C, T]`, `nn.BatchNorm2d` on `[B, C, H, W]`), on `batchNormForward`:
/// `y = weight[c]·(x − μ[c])/√(σ²[c] + ε) + bias[c]`.
///
/// State (PyTorch's `state_dict` names under the layer's scope): parameters `weight [C]`
/// (ones) and `bias [C]` (zeros); buffers `running_mean [C]` (zeros), `running_var [C]`
/// (ones) and `num_batches_tracked [1]` (a count, stored as a float).
///
/// - `training`: `μ`, `σ²` are the batch's statistics over the `B·(trailing)` values of
///   each channel; the running statistics move towards them by `momentum`
///   (`r ← (1 − m)·r + m·s`, the unbiased variance for `running_var`) and
///   `num_batches_tracked` grows by one. The pullback differentiates through `μ` and `σ²`.
/// - otherwise: the running statistics normalise and are left unchanged.
///
/// Each call's statistics travel in its pullback, so the layer may run several times
/// before a backward pass.
public final class BatchNorm: Layer {
    /// The store holding the parameters and buffers.
    public let store: ParameterStore
    /// `γ [C]`.
    public let weight: ParameterEntry
    /// `β [C]`.
    public let bias: ParameterEntry
    /// Buffer `[C]`.
    public let runningMean: ParameterEntry
    /// Buffer `[C]`.
    public let runningVar: ParameterEntry
    /// Buffer `[1]`: training forwards so far.
    public let batchesTracked: ParameterEntry
    /// 1 (`BatchNorm1d`: inputs `[B, C]` or `[B, C, T]`) or 2 (`BatchNorm2d`: `[B, C, H, W]`).
    public let spatialAxes: Int
    /// `m` of the running-statistics update.
    public let momentum: Float
    /// `ε` added to the variance.
    public let epsilon: Float

    /// `BatchNorm1d(channels)` (`spatialAxes: 1`, inputs `[B, C]` or `[B, C, T]`) or
    /// `BatchNorm2d(channels)` (`spatialAxes: 2`, inputs `[B, C, H, W]`), with PyTorch's
    /// defaults `momentum = 0.1`, `ε = 1e-5`.
    public init(channels: Int, spatialAxes: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, scope: ParameterScope) {
        precondition(channels > 0 && (1...2).contains(spatialAxes), "BatchNorm: channels \(channels), spatialAxes \(spatialAxes)")
        store = scope.store
        self.spatialAxes = spatialAxes
        self.momentum = momentum
        self.epsilon = epsilon
        weight = scope.parameter("weight", value: Tensor(shape: [channels], repeating: 1))
        bias = scope.parameter("bias", value: Tensor(shape: [channels]))
        runningMean = scope.buffer("running_mean", value: Tensor(shape: [channels]))
        runningVar = scope.buffer("running_var", value: Tensor(shape: [channels], repeating: 1))
        batchesTracked = scope.buffer("num_batches_tracked", value: Tensor(shape: [1]))
    }

    /// Channels `C`.
    public var channels: Int { weight.shape[0] }

    public var ownParameters: [ParameterEntry] { [weight, bias] }
    public var ownBuffers: [ParameterEntry] { [runningMean, runningVar, batchesTracked] }
    public var summaryName: String { spatialAxes == 1 ? "BatchNorm1d" : "BatchNorm2d" }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let ranks = spatialAxes == 1 ? [2, 3] : [4]
        precondition(
            ranks.contains(inputShape.count) && inputShape[1] == channels,
            "\(summaryName): expected input \(spatialAxes == 1 ? "[B, \(channels)] or [B, \(channels), T]" : "[B, \(channels), H, W]"), got \(inputShape)")
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        _ = outputShape(for: input.shape)
        let gamma = store.value(weight)
        var mean = store.bufferValue(runningMean), variance = store.bufferValue(runningVar)
        var output = Tensor(shape: []), saved = BatchNormSaved()
        let threads = tape?.threads ?? .single
        batchNormForward(
            input, weight: gamma, bias: store.value(bias), runningMean: &mean, runningVar: &variance, training: training,
            momentum: momentum, epsilon: epsilon, output: &output, saved: &saved, threads: threads)
        if training {
            store.setBufferValue(runningMean, mean)
            store.setBufferValue(runningVar, variance)
            store.bufferValues[batchesTracked.offset] += 1
        }
        tape?.record { [self] dOutput in
            var dInput: Tensor? = Tensor(shape: [])
            store.accumulateGradient(weight) { (dWeight: inout Tensor) in
                store.accumulateGradient(bias) { (dBias: inout Tensor) in
                    batchNormBackward(
                        dOutput, input: input, weight: gamma, saved: saved, dInput: &dInput, dWeight: &dWeight, dBias: &dBias,
                        threads: threads)
                }
            }
            return dInput!
        }
        return output
    }
}
