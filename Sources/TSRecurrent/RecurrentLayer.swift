import TSNN
import TSTensor

/// A `RecurrentNetwork` in the `Layer` vocabulary: `x [T, B, F] → output [T, B, D·H]`
/// from the zero state, for `Sequential` chains, module trees and summaries.
///
/// The adapter is thin on purpose: the network keeps its fast internals (workspaces that
/// are reused while `(T, B)` does not grow, fused C gate passes, row-chunk threading), so
/// unlike the other layers it holds the activations of its *most recent* forward. Its
/// pullback therefore back-propagates only the latest call: running the pullback of an
/// earlier call traps with a message saying so. Frozen parameters are honoured: their
/// gradients are left as they were before the pullback. `forward(_:initialState:training:tape:)`
/// carries a detached state between chunks (stateful training); for gradients with respect
/// to the states use `network` directly.
public final class RecurrentLayer: Layer {
    /// The wrapped network, sharing the store.
    public let network: RecurrentNetwork
    private var calls = 0

    /// A stacked `kind` network registered under `scope` with PyTorch's names
    /// (`<scope>.weight_ih_l0`, …); see `RecurrentNetwork`.
    public init(
        kind: RecurrentKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bidirectional: Bool = false,
        dropout: Float = 0, scope: ParameterScope, rng: inout RandomGenerator
    ) {
        precondition(!scope.prefix.isEmpty, "RecurrentLayer: needs a named scope (PyTorch's names are <name>.weight_ih_l0)")
        network = RecurrentNetwork(
            kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional,
            dropout: dropout, store: scope.store, prefix: scope.prefix, rng: &rng)
    }

    /// Every layer's and direction's `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, in registration order.
    public var ownParameters: [ParameterEntry] {
        (0..<network.numLayers).flatMap { l in
            (0..<network.directionCount).flatMap { d in network.parameters(layer: l, direction: d) }
        }
    }

    /// PyTorch's module name: `RNN`, `LSTM` or `GRU`.
    public var summaryName: String {
        switch network.kind {
        case .rnnTanh, .rnnReLU: "RNN"
        case .lstm: "LSTM"
        case .gru: "GRU"
        }
    }

    /// The number of stacked layers (`2 layers`).
    public var summaryDetail: String? {
        "\(network.numLayers) layer\(network.numLayers > 1 ? "s" : "")"
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(
            inputShape.count == 3 && inputShape[2] == network.inputSize,
            "RecurrentLayer: expected [T, B, \(network.inputSize)], got \(inputShape)")
        return [inputShape[0], inputShape[1], network.outputSize]
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        forward(input, initialState: nil, training: training, tape: tape).output
    }

    /// `x [T, B, F] → output [T, B, D·H]` from `initialState` (`[L·D, B, H]`; zeros when
    /// `nil`), also returning the final state `h_n` (and `c_n`) for the next chunk of a
    /// stateful run.
    ///
    /// Both states are *detached* (truncated back-propagation): the pullback returns
    /// `∂L/∂x` and accumulates the parameter gradients with `∂L/∂h_n = 0`, and it never
    /// hands `∂L/∂h_0` anywhere, so no gradient crosses the boundary between chunks.
    public func forward(
        _ input: Tensor, initialState: RecurrentState?, training: Bool, tape: Tape?
    ) -> (output: Tensor, finalState: RecurrentState) {
        calls += 1
        let call = calls
        let (output, finalState) = network.forward(input, initialState: initialState, training: training, threads: tape?.threads ?? .single)
        tape?.record { [self] dOutput in
            precondition(
                call == calls,
                "RecurrentLayer: backward of call \(call) after call \(calls); the recurrent workspaces hold only the latest forward")
            return keepingFrozenGradients { network.backward(dOutput: dOutput, dFinalState: nil).dInput }
        }
        return (output, finalState)
    }

    /// `network.forwardFinalState` (the last-step training path) through the adapter, so
    /// that a pullback recorded before it traps instead of reading these activations.
    package func forwardFinalState(_ input: Tensor, training: Bool, threads: ComputeThreads) -> RecurrentState {
        calls += 1
        return network.forwardFinalState(input, training: training, threads: threads)
    }

    /// The backward pass of `forwardFinalState` from `∂L/∂h_n` (and `∂L/∂c_n`), honouring
    /// frozen parameters like the pullbacks.
    package func backward(dFinalState: RecurrentState) {
        keepingFrozenGradients { network.backward(dFinalState: dFinalState) }
    }

    /// Runs `body` (which accumulates into every parameter's gradient) and restores the
    /// gradients of the frozen parameters afterwards.
    private func keepingFrozenGradients<Result>(_ body: () -> Result) -> Result {
        let store = network.store
        let frozen = ownParameters.filter { store.isFrozen($0) }
        let saved = frozen.map { Array(store.gradients[$0.range]) }
        let result = body()
        for (entry, gradients) in zip(frozen, saved) { store.gradients.replaceSubrange(entry.range, with: gradients) }
        return result
    }
}
