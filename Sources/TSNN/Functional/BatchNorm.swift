import CGateKernels
import TSTensor

/// The per-channel statistics a `batchNormForward` call normalised with, kept by the caller
/// for the matching `batchNormBackward` (a per-call cache: `[C]` each).
public struct BatchNormSaved: Sendable {
    /// The mean subtracted: the batch mean in training, `running_mean` in evaluation.
    public var mean: [Float] = []
    /// `1/√(var + ε)` with the batch's biased variance in training, `running_var` in evaluation.
    public var invStd: [Float] = []
    /// True when `mean` and `invStd` are this batch's statistics (training mode), so the
    /// backward pass differentiates through them.
    public var batchStatistics = false

    /// Empty saved state, filled by the forward pass.
    public init() {}
}

/// Batch normalisation over the channel axis (PyTorch's `batch_norm`, `BatchNorm1d` on
/// `[B, C]` or `[B, C, T]`, `BatchNorm2d` on `[B, C, H, W]`): with `N = B·(trailing size)`
/// values per channel,
/// `output = weight[c]·(input − μ[c])/√(σ²[c] + ε) + bias[c]`.
///
/// - `training`: `μ`, `σ²` are the batch mean and biased variance (two-pass, in Double), and
///   the running statistics move towards them: `running_mean ← (1 − m)·running_mean + m·μ`,
///   `running_var ← (1 − m)·running_var + m·σ²·N/(N − 1)` (unbiased); `N ≥ 2` is required.
/// - otherwise: `μ = running_mean`, `σ² = running_var`, which are not changed.
///
/// `weight`, `bias`, `runningMean`, `runningVar` are `[C]`. `output` (shape of `input`) is
/// overwritten, storage reused when sized; `saved` receives what the backward pass needs.
/// `threads` bounds the parallel parts: ranges of channels, each computed as alone, so
/// the results are the same bits for every count.
public func batchNormForward(
    _ input: Tensor, weight: Tensor, bias: Tensor, runningMean: inout Tensor, runningVar: inout Tensor,
    training: Bool, momentum: Float = 0.1, epsilon: Float = 1e-5, output: inout Tensor, saved: inout BatchNormSaved,
    threads: ComputeThreads = .single
) {
    let (batch, channels, inner) = batchNormSizes("batchNormForward", input.shape)
    for (name, t) in [("weight", weight), ("bias", bias), ("runningMean", runningMean), ("runningVar", runningVar)] {
        precondition(t.shape == [channels], "batchNormForward: \(name) \(t.shape) must be [\(channels)] for input \(input.shape)")
    }
    let count = batch * inner
    saved.batchStatistics = training
    // `saved`'s arrays are reused (no allocation) when a caller passes the same one again.
    if saved.mean.count != channels { saved.mean = [Float](repeating: 0, count: channels) }
    if saved.invStd.count != channels { saved.invStd = [Float](repeating: 0, count: channels) }
    if training {
        precondition(count >= 2, "batchNormForward: training needs more than one value per channel, input \(input.shape)")
        input.withUnsafeBufferPointer { x in
            saved.mean.withUnsafeMutableBufferPointer { mean in
                saved.invStd.withUnsafeMutableBufferPointer { variance in
                    forEachRange(of: channels, elements: input.count, threads: threads) { first, last in
                        cgk_batchnorm_statistics(
                            batch, channels, inner, first, last, x.baseAddress!, mean.baseAddress!, variance.baseAddress!)
                    }
                }
            }
        }
        let unbiased = Float(count) / Float(count - 1)
        for c in 0..<channels {
            let variance = saved.invStd[c]
            runningMean.scalars[c] = (1 - momentum) * runningMean.scalars[c] + momentum * saved.mean[c]
            runningVar.scalars[c] = (1 - momentum) * runningVar.scalars[c] + momentum * variance * unbiased
            saved.invStd[c] = 1 / (variance + epsilon).squareRoot()
        }
    } else {
        for c in 0..<channels {
            saved.mean[c] = runningMean.scalars[c]
            saved.invStd[c] = 1 / (runningVar.scalars[c] + epsilon).squareRoot()
        }
    }
    output.reuse(shape: input.shape)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            forEachRange(of: channels, elements: input.count, threads: threads) { first, last in
                cgk_batchnorm_forward(
                    batch, channels, inner, first, last, x.baseAddress!, saved.mean, saved.invStd, weight.scalars,
                    bias.scalars, y.baseAddress!)
            }
        }
    }
}

/// Backward of `batchNormForward` for `dOutput = ∂L/∂y` (shape of `input`), with
/// `x̂ = (x − μ)·invStd`: `dWeight[c] += Σ dy·x̂`, `dBias[c] += Σ dy` (accumulated, `[C]`),
/// and `dInput` (overwritten; nil to skip)
/// `= weight·invStd·(dy − mean(dy) − x̂·mean(dy·x̂))` for batch statistics (the means over the
/// channel's `N` values), `= weight·invStd·dy` for running statistics. `threads` as in
/// `batchNormForward` (channel ranges; the same bits for every count).
public func batchNormBackward(
    _ dOutput: Tensor, input: Tensor, weight: Tensor, saved: BatchNormSaved,
    dInput: inout Tensor?, dWeight: inout Tensor, dBias: inout Tensor, threads: ComputeThreads = .single
) {
    let (batch, channels, inner) = batchNormSizes("batchNormBackward", input.shape)
    precondition(dOutput.shape == input.shape, "batchNormBackward: dOutput \(dOutput.shape) must be the input's \(input.shape)")
    precondition(
        weight.shape == [channels] && dWeight.shape == [channels] && dBias.shape == [channels]
            && saved.mean.count == channels && saved.invStd.count == channels,
        "batchNormBackward: weight, dWeight, dBias and the saved statistics must have \(channels) channels")
    input.withUnsafeBufferPointer { x in
        dOutput.withUnsafeBufferPointer { dy in
            dWeight.withUnsafeMutableBufferPointer { dw in
                dBias.withUnsafeMutableBufferPointer { db in
                    func run(_ dx: UnsafeMutablePointer<Float>?) {
                        weight.withUnsafeBufferPointer { gamma in
                            forEachRange(of: channels, elements: input.count, threads: threads) { first, last in
                                cgk_batchnorm_backward(
                                    saved.batchStatistics ? 1 : 0, batch, channels, inner, first, last, x.baseAddress!,
                                    dy.baseAddress!, saved.mean, saved.invStd, gamma.baseAddress!, dx, dw.baseAddress!,
                                    db.baseAddress!)
                            }
                        }
                    }
                    if dInput == nil {
                        run(nil)
                    } else {
                        dInput!.reuse(shape: input.shape)
                        dInput!.withUnsafeMutableBufferPointer { run($0.baseAddress!) }
                    }
                }
            }
        }
    }
}

/// `(B, C, N)` of a `[B, C]` or `[B, C, …]` input, `N` the product of the trailing sizes.
private func batchNormSizes(_ op: String, _ shape: [Int]) -> (Int, Int, Int) {
    precondition(shape.count >= 2, "\(op): expected input [B, C] or [B, C, …], got \(shape)")
    return (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
}
