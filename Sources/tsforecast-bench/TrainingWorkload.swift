import TSData
import TSForecast
import TSNN
import TSSupport
import TSTensor

/// One training-throughput workload of `tsforecast-bench training` and the task that
/// trains it on a synthetic sine-plus-noise series `s_k = sin(2πk/50) + 0.1·N(0, 1)`.
///
/// - recurrent (`lstm`/`gru`/`rnn`): windows `x [T, B, 1]` with `x[t, b] = s_{i_b + t}`,
///   teacher-forced targets `s_{i_b + t + 1}`, loss weights 1 on the last step only.
/// - `narx`: regressors `[B, 48 + 2·nb]` (`nb = 1`): lags `y(k−1) … y(k−48)` and two
///   exogenous sines `u₁(k−1), u₂(k−1)`; target `y(k)`; a tanh MLP with one hidden layer.
/// - `cnn`: the `--model cnn` forecaster (`ConvolutionalForecaster`) on regressors of the
///   24 lags `y(k−1) … y(k−24)`: `H = 32` channels, kernel 3, three residual blocks
///   (dilations 1, 2, 4), `B = 64`; target `y(k)`. A small network, where a framework's
///   per-operation cost weighs most.
struct TrainingWorkload {
    /// Windows in the series; one epoch visits each once.
    static let windowCount = 65_536
    /// NARX output lags.
    static let narxLags = 48
    /// NARX exogenous inputs (each with `nb = 1` lag).
    static let narxInputs = 2
    /// The CNN workload's lags and kernel size.
    static let cnnLags = 24
    static let cnnKernel = 3

    let kind: ModelKind
    let hidden: Int
    /// `T` (1 for NARX).
    let steps: Int
    let batch: Int
    let layers: Int

    /// The recurrent workloads `(H, T, B, L)` and the NARX one.
    static func all(kinds: [ModelKind]) -> [TrainingWorkload] {
        let shapes = [(32, 10, 64, 1), (64, 10, 64, 1), (128, 50, 128, 2), (256, 100, 256, 1)]
        var result: [TrainingWorkload] = []
        for kind in kinds where kind.isRecurrent {
            result += shapes.map { TrainingWorkload(kind: kind, hidden: $0.0, steps: $0.1, batch: $0.2, layers: $0.3) }
        }
        if kinds.contains(.narx) { result.append(TrainingWorkload(kind: .narx, hidden: 32, steps: 1, batch: 64, layers: 1)) }
        if kinds.contains(.cnn) {
            let blocks = ConvolutionalForecaster.blockCount(steps: cnnLags, kernelSize: cnnKernel)
            result.append(TrainingWorkload(kind: .cnn, hidden: 32, steps: cnnLags, batch: 64, layers: blocks))
        }
        return result
    }

    /// Features per input: 1 for recurrent models, `48 + 2` for NARX, the 24 lags for CNN.
    var inputSize: Int { kind.isRecurrent ? 1 : kind == .cnn ? Self.cnnLags : Self.narxLags + Self.narxInputs }

    /// GEMM FLOPs of one forward + backward batch: per recurrent layer
    /// `6·T·B·G·H·(F_l + H)` plus `6·B·H` for the head on the last step; NARX
    /// `6·B·(F·H + H)` (forward `2mnk` per product, backward twice that).
    var flopsPerBatch: Double {
        if kind == .cnn {
            // Per block two k-tap convolutions over T steps, block 0 from 1 channel with a
            // 1×1 shortcut convolution: 6·B·T·(k·C_in·C + k·C·C (+ C_in·C)), then the head.
            var macs = 0
            for block in 0..<layers {
                let inChannels = block == 0 ? 1 : hidden
                macs += steps * (Self.cnnKernel * inChannels * hidden + Self.cnnKernel * hidden * hidden + (block == 0 ? hidden : 0))
            }
            return 6 * Double(batch * (macs + hidden))
        }
        guard kind.isRecurrent else { return 6 * Double(batch * (inputSize * hidden + hidden)) }
        let gates = kind == .lstm ? 4 : kind == .gru ? 3 : 1
        var flops = 6 * Double(batch * hidden)
        for l in 0..<layers {
            flops += 6 * Double(steps * batch * gates * hidden * ((l == 0 ? inputSize : hidden) + hidden))
        }
        return flops
    }

    /// A fresh network (seed 0) and a task gathering batches from the synthetic series.
    func makeTask(threads: ComputeThreads) -> SupervisedTask {
        var spec = NetworkSpec(kind: kind, inputSize: inputSize, hiddenSize: hidden, numLayers: layers)
        if kind == .cnn {
            spec.kernelSize = Self.cnnKernel
            spec.series = 1
        }
        let network = ForecastNetwork(spec: spec, seed: 0)
        var rng = RandomGenerator(seed: 1)
        let lead = kind.isRecurrent || kind == .cnn ? steps : Self.narxLags
        let length = Self.windowCount + lead
        let y = sineSeries(length, period: 50, rng: &rng)
        let gather: ([Int]) -> WindowBatch
        if kind.isRecurrent {
            var weights = Tensor(shape: [steps, batch, 1])
            for b in 0..<batch { weights.scalars[(steps - 1) * batch + b] = 1 }
            gather = { [steps] indices in
                var x = Tensor(shape: [steps, indices.count, 1])
                var target = Tensor(shape: [steps, indices.count, 1])
                for t in 0..<steps {
                    for (b, i) in indices.enumerated() {
                        x.scalars[t * indices.count + b] = y[i + t]
                        target.scalars[t * indices.count + b] = y[i + t + 1]
                    }
                }
                return WindowBatch(inputs: x, targets: target, weights: weights)
            }
        } else {
            let u = kind == .cnn ? [] : [sineSeries(length, period: 17, rng: &rng), sineSeries(length, period: 31, rng: &rng)]
            let lags = kind == .cnn ? Self.cnnLags : Self.narxLags
            gather = { [inputSize] indices in
                var x = Tensor(shape: [indices.count, inputSize])
                var target = Tensor(shape: [indices.count, 1])
                for (b, i) in indices.enumerated() {
                    let k = i + lags
                    for lag in 1...lags { x.scalars[b * inputSize + lag - 1] = y[k - lag] }
                    for (j, series) in u.enumerated() { x.scalars[b * inputSize + lags + j] = series[k - 1] }
                    target.scalars[b] = y[k]
                }
                return WindowBatch(inputs: x, targets: target)
            }
        }
        return SupervisedTask(
            network: network, sampleCount: Self.windowCount, lossSpan: kind.isRecurrent ? .lastStep : .every, gather: gather,
            validationCount: 0, gatherValidation: gather, threads: threads)
    }

    private func sineSeries(_ length: Int, period: Float, rng: inout RandomGenerator) -> [Float] {
        (0..<length).map { k in sin(2 * Float.pi * Float(k) / period) + 0.1 * rng.normal() }
    }
}
