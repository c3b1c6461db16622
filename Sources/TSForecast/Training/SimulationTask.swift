import TSData
import TSNN
import TSTensor
import TSTraining

/// Trains a feed-forward NARX network on the L-step simulation loss (seed 001's
/// "parallel" configuration).
///
/// For a sub-sequence starting at row `k₀`, step `i = 0…L−1` predicts `ŷ(k₀+i)` from the
/// regressor `z(k₀+i) = [y'(k₀+i−1) … y'(k₀+i−na), u(k₀+i−nk) … u(k₀+i−nk−nb+1) per input]`
/// where `y'(m) = ŷ(m)` for `m ≥ k₀` (the network's own predictions fed back) and the
/// measured `y(m)` before `k₀`; seasonal lags `y'(k₀+i−s)` of the regressor
/// (`NARXSpec.targetReads`) are fed back the same way. The loss is the MSE (or Gaussian NLL) over the steps
/// `i ≥ washout`, back-propagated through the feedback loop:
/// `∂L/∂ŷ(m) += ∂L/∂z(k₀+i)[position of lag j]` for every later step with `k₀+i−j = m`.
///
/// Each step's forward records its pullback on a tape of its own; backward walks the steps
/// in reverse, so all contributions to `∂L/∂ŷ(m)` are complete before step `m` is
/// back-propagated. Dropout is not used in this objective (the steps run in inference mode).
public final class SimulationTask: TrainingTask {
    /// The network trained.
    public let network: ForecastNetwork
    public var store: ParameterStore { network.store }
    /// The model-space recording the sub-sequences read.
    let recording: Recording
    let spec: NARXSpec
    let length: Int
    let washout: Int
    let starts: [Int]
    let validationStarts: [Int]

    /// - Parameters:
    ///   - network: a feed-forward network with one output.
    ///   - recording: the model-space recording the sub-sequences read.
    ///   - spec: the regressor (`spec.horizon` 1).
    ///   - length: steps per sub-sequence (`L`).
    ///   - washout: steps at the start of each sub-sequence left out of the loss (`< L`).
    ///   - starts: first predicted row `k₀` of each training sub-sequence; rows
    ///     `k₀ − spec.history … k₀ + length − 1` must lie in one segment.
    ///   - validationStarts: the same for validation sub-sequences.
    ///   - threads: the threads every pass may use (`TrainingConfig.threads`).
    public init(
        network: ForecastNetwork, recording: Recording, spec: NARXSpec, length: Int, washout: Int, starts: [Int], validationStarts: [Int],
        threads: ComputeThreads = .single
    ) {
        self.threads = threads
        precondition(!network.spec.kind.isRecurrent && network.spec.outputSize == 1 && spec.horizon == 1, "SimulationTask: needs a feed-forward network with one output")
        precondition(network.spec.inputSize == spec.featureCount, "SimulationTask: network input \(network.spec.inputSize) vs regressor \(spec.featureCount)")
        precondition(washout < length, "SimulationTask: washout \(washout) must be < length \(length)")
        self.network = network
        self.recording = recording
        self.spec = spec
        self.length = length
        self.washout = washout
        self.starts = starts
        self.validationStarts = validationStarts
    }

    /// The threads every pass may use (carried by its tapes).
    public let threads: ComputeThreads

    public var sampleCount: Int { starts.count }

    public func trainStep(indices: [Int]) -> Double {
        run(starts: indices.map { starts[$0] }, backward: true)
    }

    public func validationLoss() -> Double? {
        validationStarts.isEmpty ? nil : run(starts: validationStarts, backward: false)
    }

    /// Simulates the sub-sequences starting at `batchStarts` and returns the loss; with
    /// `backward`, accumulates the gradients through the feedback loop.
    func run(starts batchStarts: [Int], backward: Bool) -> Double {
        let batch = batchStarts.count
        let features = network.spec.inputSize
        let reads = spec.targetReads
        var tapes: [Tape] = []
        var predictions = Tensor(shape: [length, batch, 1])
        var targets = Tensor(shape: [length, batch, 1])
        var weights = Tensor(shape: [length, batch, 1])
        for i in 0..<length {
            var z = Tensor(shape: [batch, features])
            z.withUnsafeMutableBufferPointer { p in
                for (b, k0) in batchStarts.enumerated() {
                    let row = p.baseAddress! + b * features
                    spec.regressor(of: recording, at: k0 + i, into: row)
                    for (position, lag) in reads where lag <= i { row[position] = predictions.scalars[(i - lag) * batch + b] }
                    targets.scalars[i * batch + b] = recording.target[k0 + i]
                    weights.scalars[i * batch + b] = i >= washout ? 1 : 0
                }
            }
            let tape = backward ? Tape(threads: threads) : .inference(threads: threads)
            let y = network.forward(z, training: false, tape: tape)
            for b in 0..<batch { predictions.scalars[i * batch + b] = y.scalars[b] }
            if backward { tapes.append(tape) }
        }
        let result = network.loss.evaluate(prediction: predictions, target: targets, weights: weights)
        guard backward else { return Double(result.value) }
        var dPredictions = result.dPrediction
        for i in stride(from: length - 1, through: 0, by: -1) {
            let dStep = Tensor(shape: [batch, 1], scalars: Array(dPredictions.scalars[(i * batch)..<((i + 1) * batch)]))
            let dz = tapes[i].backward(dStep)
            for (position, lag) in reads where lag <= i {
                for b in 0..<batch { dPredictions.scalars[(i - lag) * batch + b] += dz.scalars[b * features + position] }
            }
        }
        return Double(result.value)
    }
}
