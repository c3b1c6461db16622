import TSNN
import TSTensor

/// A stacked, optionally bidirectional recurrent network with PyTorch's semantics:
/// `torch.nn.RNN` / `LSTM` / `GRU` with `batch_first=False`.
///
/// Shapes (time-major): input `[T, B, F]`, output `[T, B, D·H]` (the top layer's `h_t`,
/// forward and reverse directions concatenated on the feature axis as `[fwd, bwd]`),
/// states `[L·D, B, H]` (slice `l·D + d`). `D = 2` when bidirectional, else 1.
///
/// Parameters are registered in `store` with PyTorch's `state_dict` names, per layer `l`
/// and direction, in PyTorch's order: `<prefix>.weight_ih_l{l}` `[G·H, F_l]`,
/// `<prefix>.weight_hh_l{l}` `[G·H, H]`, `<prefix>.bias_ih_l{l}` `[G·H]`,
/// `<prefix>.bias_hh_l{l}` `[G·H]`, then the same with the suffix `_reverse`;
/// `F_0 = F`, `F_l = D·H` above. All are initialised `U(±1/√H)` like PyTorch.
///
/// Between layers (not after the last) dropout with probability `dropout` is applied in
/// training: `y = x ⊙ m / (1 − p)`, `m ~ Bernoulli(1 − p)` drawn from `dropoutGenerator`.
///
/// `forward` caches what `backward` needs in workspaces that are reused as long as
/// `(T, B)` does not grow; `backward` accumulates (`+=`) into `store.gradients` and refers
/// to the most recent `forward`. An instance is not safe to share between threads.
/// Threading (`BatchChunks`): `forward` takes the caller's `ComputeThreads`; with
/// `N = min(threads.count, cores) > 1`, `B ≥ 16·N` and `B·H ≥ 1024`, each direction's step
/// loop runs as `N` parallel chunks of batch rows, and the weight-gradient and wide-input
/// GEMMs as `N` parallel row blocks, on the worker team's persistent threads with
/// single-threaded GEMMs; `backward` uses the count of the `forward` it differentiates.
/// The default, `.single`, keeps every pass on the calling thread (for networks trained
/// concurrently, one per thread).
public final class RecurrentNetwork {
    /// The cell.
    public let kind: RecurrentKind
    /// `F`, features per input step.
    public let inputSize: Int
    /// `H`, hidden units per direction.
    public let hiddenSize: Int
    /// `L`, stacked layers.
    public let numLayers: Int
    /// Whether each layer also runs backwards in time (`D = 2`).
    public let bidirectional: Bool
    /// Dropout probability between layers (training only).
    public let dropout: Float
    /// The store holding the parameters.
    public let store: ParameterStore
    /// The source of dropout masks; seeded from the `rng` given to `init`, settable.
    public var dropoutGenerator: RandomGenerator

    /// `D`: 2 when bidirectional, else 1.
    public var directionCount: Int { bidirectional ? 2 : 1 }
    /// `D·H`, features per output step.
    public var outputSize: Int { directionCount * hiddenSize }

    private let cells: [RecurrentDirection]  // index l·D + d
    private var steps = 0
    private var batch = 0
    private var droppedOut = false
    private let input = Workspace()  // [T, B, F]
    private let layerOutputs: [Workspace]  // [T, B, D·H] per layer (after dropout)
    private let masks: [Workspace]  // [T, B, D·H] per layer below the top
    private let layerGradients: [Workspace]  // ∂L/∂(layer output) per layer below the top
    private let dInput = Workspace()
    private let dOutputRow = Workspace()  // [D·H] zeros: `∂L/∂output` of every step in `backward(dFinalState:)`
    private let stateIn = Workspace()
    private let cellIn = Workspace()
    private let stateOut = Workspace()
    private let cellOut = Workspace()
    private let dStateIn = Workspace()
    private let dCellIn = Workspace()

    /// Registers the parameters under `prefix` (see the type's documentation), drawing them
    /// from `rng` in registration order, then seeds `dropoutGenerator` from `rng`.
    public init(
        kind: RecurrentKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bidirectional: Bool = false,
        dropout: Float = 0, store: ParameterStore, prefix: String, rng: inout RandomGenerator
    ) {
        precondition(
            inputSize > 0 && hiddenSize > 0 && numLayers > 0 && dropout >= 0 && dropout < 1,
            "RecurrentNetwork.init: need inputSize, hiddenSize, numLayers > 0 and dropout in [0, 1), got \(inputSize), \(hiddenSize), \(numLayers), \(dropout)")
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.store = store
        var cells: [RecurrentDirection] = []
        let directions = bidirectional ? 2 : 1
        for l in 0..<numLayers {
            for d in 0..<directions {
                cells.append(
                    RecurrentDirection(
                        kind: kind, inputSize: l == 0 ? inputSize : directions * hiddenSize, hiddenSize: hiddenSize,
                        reverse: d == 1, store: store, prefix: prefix, suffix: d == 1 ? "l\(l)_reverse" : "l\(l)",
                        rng: &rng))
            }
        }
        self.cells = cells
        layerOutputs = (0..<numLayers).map { _ in Workspace() }
        masks = (0..<numLayers).map { _ in Workspace() }
        layerGradients = (0..<numLayers).map { _ in Workspace() }
        dropoutGenerator = RandomGenerator(seed: rng.next())
    }

    /// The parameter entries of layer `layer`, direction `direction` (0 forward, 1 reverse):
    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`.
    public func parameters(layer: Int, direction: Int = 0) -> [ParameterEntry] {
        let cell = cells[layer * directionCount + direction]
        return [cell.weightIH, cell.weightHH, cell.biasIH, cell.biasHH]
    }

    /// The all-zero state for a batch of `batch`: `h` (and `c` for LSTM) `[L·D, B, H]`.
    public func zeroState(batch: Int) -> RecurrentState {
        RecurrentState.zeros(kind: kind, slices: numLayers * directionCount, batch: batch, hiddenSize: hiddenSize)
    }

    /// Checks `state` against `[L·D, B, H]`; `c` may be given only for LSTM.
    private func checkState(_ state: RecurrentState, _ op: String) {
        let shape = [numLayers * directionCount, batch, hiddenSize]
        precondition(state.h.shape == shape, "\(op): h must be \(shape), got \(state.h.shape)")
        if let c = state.c {
            precondition(kind.hasCellState, "\(op): \(kind) has no cell state c")
            precondition(c.shape == shape, "\(op): c must be \(shape), got \(c.shape)")
        }
    }

    /// Runs all layers over `input [T, B, F]` from `initialState` (zeros when `nil`; an
    /// LSTM state without `c` starts from `c_0 = 0`).
    ///
    /// Returns `output [T, B, D·H]` and the final state `h_n` (and `c_n`) `[L·D, B, H]`.
    /// `training` enables dropout between layers; `threads` bounds the parallel row chunks
    /// of this pass and its `backward`.
    public func forward(
        _ input: Tensor, initialState: RecurrentState? = nil, training: Bool, threads: ComputeThreads = .single
    ) -> (output: Tensor, finalState: RecurrentState) {
        let finalState = run(input, initialState: initialState, training: training, topOutput: true, threads: threads)
        return (layerOutputs[numLayers - 1].tensor(shape: [steps, batch, outputSize]), finalState)
    }

    /// `forward` from the zero state returning only the final state `h_n` (and `c_n`)
    /// `[L·D, B, H]`: the top layer's output sequence is not written, for a caller that
    /// needs only the last step (a unidirectional network's last output is the top slice
    /// of `h_n`).
    package func forwardFinalState(_ input: Tensor, training: Bool, threads: ComputeThreads) -> RecurrentState {
        run(input, initialState: nil, training: training, topOutput: false, threads: threads)
    }

    /// Runs all layers (see `forward`), leaving the output in `layerOutputs[L − 1]` when
    /// `topOutput` (lower layers' outputs are always kept: they are the next layer's input
    /// and `backward` reads them); returns the final state.
    private func run(
        _ input: Tensor, initialState: RecurrentState?, training: Bool, topOutput: Bool, threads: ComputeThreads
    ) -> RecurrentState {
        precondition(
            input.rank == 3 && input.shape[2] == inputSize && input.shape[0] > 0 && input.shape[1] > 0,
            "RecurrentNetwork.forward: expected input [T, B, \(inputSize)], got \(input.shape)")
        (steps, batch) = (input.shape[0], input.shape[1])
        let (directions, slice, rows) = (directionCount, batch * hiddenSize, steps * batch)
        let slices = numLayers * directions
        if let initialState { checkState(initialState, "RecurrentNetwork.forward initialState") }
        // nil: the zero state (the cells skip the first step's recurrent product).
        let h0 = initialState.map { FloatPointer(stateIn.load($0.h)) }
        let c0 = initialState?.c.map { FloatPointer(cellIn.load($0)) }
        let hN = stateOut.reserve(slices * slice)
        let cN = kind.hasCellState ? cellOut.reserve(slices * slice) : nil
        droppedOut = training && dropout > 0 && numLayers > 1
        var layerInput = FloatPointer(self.input.load(input))
        store.values.withUnsafeBufferPointer { values in
            let p = values.baseAddress!
            for l in 0..<numLayers {
                let out = layerOutputs[l].reserve(rows * outputSize)
                let keep = topOutput || l < numLayers - 1
                for d in 0..<directions {
                    let k = l * directions + d
                    cells[k].forward(
                        input: layerInput, steps: steps, batch: batch, parameters: p,
                        h0: h0.map { $0 + k * slice }, c0: c0.map { $0 + k * slice },
                        output: keep ? out + d * hiddenSize : nil, outputStride: outputSize,
                        hFinal: hN + k * slice, cFinal: cN.map { $0 + k * slice }, threads: threads)
                }
                if droppedOut && l < numLayers - 1 { applyDropout(out, mask: masks[l].reserve(rows * outputSize), count: rows * outputSize) }
                layerInput = FloatPointer(out)
            }
        }
        let stateShape = [slices, batch, hiddenSize]
        return RecurrentState(
            h: stateOut.tensor(shape: stateShape), c: kind.hasCellState ? cellOut.tensor(shape: stateShape) : nil)
    }

    /// Draws a fresh mask `m ∈ {0, 1/(1−p)}` and sets `x ← x ⊙ m`.
    private func applyDropout(_ x: MutableFloatPointer, mask: MutableFloatPointer, count: Int) {
        let keep = 1 / (1 - dropout)
        for i in 0..<count {
            mask[i] = dropoutGenerator.uniform() < dropout ? 0 : keep
            x[i] *= mask[i]
        }
    }

    /// Back-propagates through the last `forward`.
    ///
    /// `dOutput [T, B, D·H]` is `∂L/∂output` for every step (zeros where the loss does not
    /// use a step); `dFinalState` is `∂L/∂h_n` (and `∂L/∂c_n`), zero when `nil` or when its
    /// `c` is `nil`. Accumulates parameter gradients into `store.gradients`; returns
    /// `dInput = ∂L/∂input [T, B, F]` and `dInitialState = ∂L/∂(h_0, c_0)` `[L·D, B, H]`.
    public func backward(
        dOutput: Tensor, dFinalState: RecurrentState? = nil
    ) -> (dInput: Tensor, dInitialState: RecurrentState) {
        precondition(
            dOutput.shape == [steps, batch, outputSize],
            "RecurrentNetwork.backward: expected dOutput [\(steps), \(batch), \(outputSize)], got \(dOutput.shape)")
        dOutput.withUnsafeBufferPointer { dy in
            propagate(dOutput: dy.baseAddress!, rowStride: outputSize, dFinalState: dFinalState, inputGradient: true)
        }
        let stateShape = [numLayers * directionCount, batch, hiddenSize]
        let dInitialState = RecurrentState(
            h: dStateIn.tensor(shape: stateShape), c: kind.hasCellState ? dCellIn.tensor(shape: stateShape) : nil)
        return (dInput.tensor(shape: [steps, batch, inputSize]), dInitialState)
    }

    /// `backward` when the loss reads only the final state: `∂L/∂output = 0` on every
    /// step (never materialised) and only the parameter gradients are accumulated, without
    /// `∂L/∂input` or `∂L/∂(h_0, c_0)`.
    package func backward(dFinalState: RecurrentState) {
        let zeroRow = FloatPointer(dOutputRow.zeroed(outputSize))
        propagate(dOutput: zeroRow, rowStride: 0, dFinalState: dFinalState, inputGradient: false)
    }

    /// The shared back-propagation: `dOutput` rows with row stride `rowStride` (0 repeats one
    /// row) are the top layer's `∂L/∂output`; `inputGradient` asks for `∂L/∂input` in `dInput`
    /// and `∂L/∂(h_0, c_0)` in `dStateIn`/`dCellIn`.
    private func propagate(dOutput: FloatPointer, rowStride: Int, dFinalState: RecurrentState?, inputGradient: Bool) {
        precondition(steps > 0, "RecurrentNetwork.backward: call forward first")
        let (directions, slice, rows) = (directionCount, batch * hiddenSize, steps * batch)
        let slices = numLayers * directions
        var dhN: FloatPointer?, dcN: FloatPointer?
        if let dFinalState {
            checkState(dFinalState, "RecurrentNetwork.backward dFinalState")
            dhN = FloatPointer(stateIn.load(dFinalState.h))
            dcN = dFinalState.c.map { FloatPointer(cellIn.load($0)) }
        }
        let dh0 = inputGradient ? dStateIn.reserve(slices * slice) : nil
        let dc0 = inputGradient && kind.hasCellState ? dCellIn.reserve(slices * slice) : nil
        let dX = inputGradient ? dInput.reserve(rows * inputSize) : nil
        store.values.withUnsafeBufferPointer { values in
            store.gradients.withUnsafeMutableBufferPointer { gradients in
                var (dLayerOutput, dLayerStride) = (dOutput, rowStride)
                for l in stride(from: numLayers - 1, through: 0, by: -1) {
                    let layerInput = l == 0 ? FloatPointer(input.pointer) : FloatPointer(layerOutputs[l - 1].pointer)
                    let dLayerInput = l == 0 ? dX : layerGradients[l - 1].reserve(rows * outputSize)
                    for d in 0..<directions {
                        let k = l * directions + d
                        cells[k].backward(
                            input: layerInput, parameters: values.baseAddress!, gradients: gradients.baseAddress!,
                            dOutput: dLayerOutput + d * hiddenSize, dOutputStride: dLayerStride,
                            dhFinal: dhN.map { $0 + k * slice }, dcFinal: dcN.map { $0 + k * slice },
                            dInput: dLayerInput, accumulateInput: d > 0,
                            dh0: dh0.map { $0 + k * slice }, dc0: dc0.map { $0 + k * slice })
                    }
                    guard let dLayerInput else { break }
                    if droppedOut && l > 0 {
                        Kernels.mul(dLayerInput, masks[l - 1].pointer, dLayerInput, rows * outputSize)
                    }
                    (dLayerOutput, dLayerStride) = (FloatPointer(dLayerInput), outputSize)
                }
            }
        }
    }
}
