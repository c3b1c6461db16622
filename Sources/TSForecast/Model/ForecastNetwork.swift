import TSNN
import TSRecurrent
import TSTensor

/// A forecasting network with one flat parameter store, named like the equivalent
/// PyTorch module so its `state_dict` loads as is: the layers of its model family
/// (`ForecastArchitecture`; `RecurrentForecaster`: `<kind>` + `head`, or `seq2seq` for an
/// encoder-decoder,
/// `FeedForwardForecaster`: `net`, `ConvolutionalForecaster`: `tcn` + `head`), then, for the Gaussian loss, the learned
/// log-variance `noise.log_variance [O]`.
///
/// The network is a module tree (`children`: the family's layers, then `noise`), which
/// gives `summary` its rows, and a `Layer`: `forward` records its pullback on a
/// caller-owned `Tape`.
public final class ForecastNetwork: Layer {
    /// The architecture.
    public let spec: NetworkSpec
    /// The flat parameter store every layer registers in.
    public let store = ParameterStore()
    /// The training loss (MSE, Gaussian NLL holding its log-variance in `store`, or the
    /// pinball loss of `spec.quantiles` over `O·Q` outputs).
    public let loss: any RegressionLoss
    /// The family's layers in the order `forward` applies them, with their names in the tree.
    private let layers: [(name: String, layer: any Layer)]

    /// Builds the network of `spec.kind`'s family (`ForecastArchitecture.layers`) with
    /// PyTorch's default initialisation drawn from `seed`.
    public init(spec: NetworkSpec, seed: UInt64) {
        self.spec = spec
        var rng = RandomGenerator(seed: seed)
        layers = spec.kind.architecture.layers(for: spec, store: store, rng: &rng)
        switch spec.loss {
        case .mse: loss = MSELoss()
        case .gaussian: loss = GaussianNLLLoss(outputSize: spec.outputSize, scope: store.scope("noise"))
        case .quantile: loss = QuantileLoss(levels: spec.quantiles ?? [])
        }
    }

    public var children: [(name: String, module: any Module)] {
        layers.map { ($0.name, $0.layer) } + ((loss as? GaussianNLLLoss).map { [("noise", $0)] } ?? [])
    }

    /// `[T, B, F] → [T, B, O]` (recurrent) or `[B, F] → [B, O]` (feed-forward); `O·Q`
    /// outputs for the quantile loss (`spec.headSize`).
    public func outputShape(for inputShape: [Int]) -> [Int] {
        layers.reduce(inputShape) { shape, entry in entry.layer.outputShape(for: shape) }
    }

    /// `x [T, B, F] → [T, B, O]` (recurrent, the head applied at every step) or
    /// `x [B, F] → [B, O]` (feed-forward, cnn); with a `tape`, its backward accumulates every
    /// parameter gradient and returns `∂L/∂x`.
    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        layers.reduce(input) { x, entry in entry.layer.forward(x, training: training, tape: tape) }
    }

    /// The recurrent layer and the head when the network is exactly that pair (the
    /// recurrent families), for the last-step fast path; else `nil`.
    private var recurrentWithHead: (RecurrentLayer, Linear)? {
        guard layers.count == 2, let recurrent = layers[0].layer as? RecurrentLayer, let head = layers[1].layer as? Linear else { return nil }
        return (recurrent, head)
    }

    /// Whether `trainLastStep` and `forward(_:state:training:tape:)` apply (a recurrent
    /// layer followed by a linear head).
    var trainsLastStepDirectly: Bool { recurrentWithHead != nil }

    /// One chunk of a stateful run: `x [T, B, F] → ŷ [T, B, O]` (the head at every step)
    /// from the recurrent state `state` (`[L, B, H]`; zeros when `nil`), returning the
    /// final state for the next chunk. The states are detached (`RecurrentLayer`): a
    /// `tape`'s backward accumulates the parameter gradients of this chunk only.
    func forward(_ input: Tensor, state: RecurrentState?, training: Bool, tape: Tape?) -> (output: Tensor, finalState: RecurrentState) {
        guard let (layer, head) = recurrentWithHead else { preconditionFailure("ForecastNetwork.forward(state:): needs a recurrent layer and a head") }
        let (hidden, finalState) = layer.forward(input, initialState: state, training: training, tape: tape)
        return (head.forward(hidden, training: training, tape: tape), finalState)
    }

    /// One training pass of a recurrent network whose loss weights only the last step:
    /// `x [T, B, F]`, `target` and `weights` `[B, O]` of step `T − 1`. Returns the loss
    /// and accumulates every parameter gradient, exactly as `forward`, the loss on
    /// `[T, B, O]` (weights 0 before `T − 1`) and `backward` would, but applies the head
    /// to the last step only and enters its gradient through `∂L/∂h_n` of the top layer
    /// (the masked steps contribute zero gradients either way). `threads` as a tape's.
    func trainLastStep(_ input: Tensor, target: Tensor, weights: Tensor, threads: ComputeThreads) -> Float {
        guard let (layer, head) = recurrentWithHead else { preconditionFailure("ForecastNetwork.trainLastStep: needs a recurrent layer and a head") }
        precondition(input.rank == 3 && input.shape[2] == spec.inputSize, "ForecastNetwork.trainLastStep: expected [T, B, \(spec.inputSize)], got \(input.shape)")
        let (batch, hidden) = (input.shape[1], spec.hiddenSize)
        let finalState = layer.forwardFinalState(input, training: true, threads: threads)
        let top = (spec.numLayers - 1) * batch * hidden
        let last = Tensor(shape: [batch, hidden], scalars: Array(finalState.h.scalars[top..<(top + batch * hidden)]))
        let tape = Tape(threads: threads)
        let result = loss.evaluate(prediction: head.forward(last, training: true, tape: tape), target: target, weights: weights)
        var dFinal = Tensor(shape: finalState.h.shape)
        dFinal.scalars.replaceSubrange(top..<(top + batch * hidden), with: tape.backward(result.dPrediction).scalars)
        layer.backward(dFinalState: RecurrentState(h: dFinal))
        return result.value
    }

    /// The predictive standard deviation per output in scaled units (`e^{s/2}`), for
    /// Gaussian models.
    public var noiseStd: [Float]? {
        guard let gaussian = loss as? GaussianNLLLoss else { return nil }
        return gaussian.variance.scalars.map { $0.squareRoot() }
    }
}
