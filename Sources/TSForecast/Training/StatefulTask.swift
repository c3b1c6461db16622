import TSData
import TSNN
import TSRecurrent
import TSTensor
import TSTraining

/// Stateful training of a recurrent `ForecastNetwork` (`ForecastSetup.stateful`): truncated
/// back-propagation through the whole series on the lanes of `StatefulLanes`.
///
/// Sample `i` is chunk `⌊i / B⌋` of lane `i mod B`, and the trainer visits the samples in
/// order in batches of `B` (`sequentialBatchSize`), so batch `t` is `lanes.batch(t)`. The
/// final state of batch `t` is the initial state of batch `t + 1`, detached (no gradient
/// crosses the boundary); it is zero at batch 0 (each epoch's start) and for every lane
/// whose chunk resets (a lane's start, a gap).
///
/// Validation runs the same way over `validation` — one lane per stretch, warmed up from
/// zero over the training rows before the validation part and scored on the validation
/// rows only, in chunks of `inferenceChunk` steps — and reports the mean loss over the
/// scored steps.
public final class StatefulTask: TrainingTask {
    /// The network trained.
    public let network: ForecastNetwork
    public var store: ParameterStore { network.store }
    /// The training lanes.
    public let lanes: StatefulLanes
    private let validation: StatefulLanes?
    /// The threads every pass may use (carried by its tape).
    public let threads: ComputeThreads
    /// The state after the latest training batch.
    private var state: RecurrentState?

    /// Training on `lanes`, validation on the warmed-up lanes `validation`.
    public init(network: ForecastNetwork, lanes: StatefulLanes, validation: StatefulLanes?, threads: ComputeThreads = .single) {
        precondition(network.trainsLastStepDirectly, "StatefulTask: needs a recurrent network with a head")
        self.network = network
        self.lanes = lanes
        self.validation = validation
        self.threads = threads
    }

    /// The chunk length of inference passes over a lane (validation, predictions): at least
    /// this many steps per network call. The carried state makes the chunking invisible up
    /// to round-off, and fewer, longer calls are much faster than `L`-step ones at `B = 1`.
    public static let inferenceChunk = 256

    public var sampleCount: Int { lanes.batchCount * lanes.laneCount }

    /// `B`: one batch holds one chunk of every lane.
    public var sequentialBatchSize: Int? { lanes.laneCount }

    public func trainStep(indices: [Int]) -> Double {
        let t = indices[0] / lanes.laneCount
        precondition(indices.count == lanes.laneCount && indices[0] == t * lanes.laneCount, "StatefulTask: batch \(indices.first ?? -1) is not a whole batch of lanes in order")
        let (batch, resets) = lanes.batch(t)
        let tape = Tape(threads: threads)
        let start = t == 0 ? nil : state.map { Self.zeroing($0, lanes: resets) }
        let (prediction, finalState) = network.forward(batch.inputs, state: start, training: true, tape: tape)
        state = finalState
        let result = network.loss.evaluate(prediction: prediction, target: batch.targets, weights: batch.weights)
        tape.backward(result.dPrediction, inputGradient: false)
        return Double(result.value)
    }

    /// The loss over every scored step of the validation lanes (each warmed up from zero
    /// over the training rows before them).
    public func validationLoss() -> Double? {
        guard let validation else { return nil }
        return Self.loss(of: network, on: validation, threads: threads)
    }

    /// The mean loss of `network` over the weighted steps of all of `lanes`' batches, in
    /// inference mode with the state carried: `Σ_t L_t·W_t / Σ_t W_t` (`W_t` the weight sum
    /// of batch `t`).
    static func loss(of network: ForecastNetwork, on lanes: StatefulLanes, threads: ComputeThreads) -> Double {
        var state: RecurrentState?
        var (total, weight) = (0.0, 0.0)
        for t in 0..<lanes.batchCount {
            let (batch, resets) = lanes.batch(t)
            let (prediction, finalState) = network.forward(
                batch.inputs, state: state.map { zeroing($0, lanes: resets) }, training: false, tape: .inference(threads: threads))
            state = finalState
            let w = batch.weights!.scalars.reduce(0.0) { $0 + Double($1) }
            guard w > 0 else { continue }
            total += Double(network.loss.evaluate(prediction: prediction, target: batch.targets, weights: batch.weights).value) * w
            weight += w
        }
        return weight > 0 ? total / weight : 0
    }

    /// `state` with the rows of the lanes `lanes[b] == true` set to zero (`h`, and `c`).
    static func zeroing(_ state: RecurrentState, lanes: [Bool]) -> RecurrentState {
        func zeroRows(_ x: Tensor) -> Tensor {
            var x = x
            let (slices, batch, hidden) = (x.shape[0], x.shape[1], x.shape[2])
            precondition(batch == lanes.count, "StatefulTask: state of \(batch) lanes, \(lanes.count) reset flags")
            x.withUnsafeMutableBufferPointer { p in
                for s in 0..<slices {
                    for b in 0..<batch where lanes[b] { (p.baseAddress! + (s * batch + b) * hidden).update(repeating: 0, count: hidden) }
                }
            }
            return x
        }
        return RecurrentState(h: zeroRows(state.h), c: state.c.map(zeroRows))
    }
}
