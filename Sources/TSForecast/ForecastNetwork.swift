import TSNN
import TSRecurrent
import TSTensor

/// A forecasting network with one flat parameter store, named like the equivalent
/// PyTorch module so its `state_dict` loads as is:
///
/// - recurrent (`lstm`/`gru`/`rnn`): `torch.nn.LSTM|GRU|RNN(F, H, num_layers)` named
///   `<kind>` (`lstm.weight_ih_l0`, …) and a `torch.nn.Linear(H, O)` named `head`.
///   `forward`: `x [T, B, F] → ŷ [T, B, O]`, the head applied at every step.
/// - feed-forward (`narx`/`mlp`): `torch.nn.Sequential(Linear(F, H), Tanh(), …,
///   Linear(H, O))` named `net` (`net.0.weight`, `net.2.weight`, …).
///   `forward`: `x [B, F] → ŷ [B, O]`.
/// - Gaussian loss: a learned log-variance `noise.log_variance [O]`.
///
/// The network is a module tree (`children`: `<kind>` and `head`, or `net`, then `noise`),
/// which gives `summary` its rows, and a `Layer`: `forward` records its pullback on a
/// caller-owned `Tape`.
public final class ForecastNetwork: Layer {
    /// The architecture.
    public let spec: NetworkSpec
    /// The flat parameter store every layer registers in.
    public let store = ParameterStore()
    /// The training loss (MSE, or Gaussian NLL holding its log-variance in `store`).
    public let loss: any RegressionLoss
    private let recurrent: RecurrentLayer?
    private let head: Linear?
    private let mlp: Sequential?

    /// Builds the network with PyTorch's default initialisation drawn from `seed`.
    public init(spec: NetworkSpec, seed: UInt64) {
        self.spec = spec
        var rng = RandomGenerator(seed: seed)
        if spec.kind.isRecurrent {
            let kind: RecurrentKind = spec.kind == .lstm ? .lstm : spec.kind == .gru ? .gru : .rnnTanh
            recurrent = RecurrentLayer(
                kind: kind, inputSize: spec.inputSize, hiddenSize: spec.hiddenSize, numLayers: spec.numLayers,
                dropout: spec.dropout, scope: store.scope(spec.kind.rawValue), rng: &rng)
            head = Linear(inputSize: spec.hiddenSize, outputSize: spec.outputSize, scope: store.scope("head"), rng: &rng)
            mlp = nil
        } else {
            let sizes = [spec.inputSize] + Array(repeating: spec.hiddenSize, count: spec.numLayers) + [spec.outputSize]
            mlp = Sequential.multilayerPerceptron(sizes: sizes, activation: .tanh, scope: store.scope("net"), rng: &rng)
            recurrent = nil
            head = nil
        }
        loss = spec.loss == .gaussian ? GaussianNLLLoss(outputSize: spec.outputSize, scope: store.scope("noise")) : MSELoss()
    }

    /// The layers in the order `forward` applies them, with their names in the tree.
    private var layers: [(name: String, layer: any Layer)] {
        if let mlp { return [("net", mlp)] }
        return [(spec.kind.rawValue, recurrent!), ("head", head!)]
    }

    public var children: [(name: String, module: any Module)] {
        layers.map { ($0.name, $0.layer) } + ((loss as? GaussianNLLLoss).map { [("noise", $0)] } ?? [])
    }

    /// `[T, B, F] → [T, B, O]` (recurrent) or `[B, F] → [B, O]` (feed-forward).
    public func outputShape(for inputShape: [Int]) -> [Int] {
        layers.reduce(inputShape) { shape, entry in entry.layer.outputShape(for: shape) }
    }

    /// `x [T, B, F] → [T, B, O]` (recurrent, the head applied at every step) or
    /// `x [B, F] → [B, O]` (feed-forward); with a `tape`, its backward accumulates every
    /// parameter gradient and returns `∂L/∂x`.
    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        layers.reduce(input) { x, entry in entry.layer.forward(x, training: training, tape: tape) }
    }

    /// One training pass of a recurrent network whose loss weights only the last step:
    /// `x [T, B, F]`, `target` and `weights` `[B, O]` of step `T − 1`. Returns the loss
    /// and accumulates every parameter gradient, exactly as `forward`, the loss on
    /// `[T, B, O]` (weights 0 before `T − 1`) and `backward` would, but applies the head
    /// to the last step only and enters its gradient through `∂L/∂h_n` of the top layer
    /// (the masked steps contribute zero gradients either way).
    func trainLastStep(_ input: Tensor, target: Tensor, weights: Tensor) -> Float {
        let (recurrent, head) = (recurrent!.network, head!)
        precondition(input.rank == 3 && input.shape[2] == spec.inputSize, "ForecastNetwork.trainLastStep: expected [T, B, \(spec.inputSize)], got \(input.shape)")
        let (batch, hidden) = (input.shape[1], spec.hiddenSize)
        let finalState = recurrent.forwardFinalState(input, training: true)
        let top = (spec.numLayers - 1) * batch * hidden
        let last = Tensor(shape: [batch, hidden], scalars: Array(finalState.h.scalars[top..<(top + batch * hidden)]))
        let tape = Tape()
        let result = loss.evaluate(prediction: head.forward(last, training: true, tape: tape), target: target, weights: weights)
        var dFinal = Tensor(shape: finalState.h.shape)
        dFinal.scalars.replaceSubrange(top..<(top + batch * hidden), with: tape.backward(result.dPrediction).scalars)
        recurrent.backward(dFinalState: RecurrentState(h: dFinal))
        return result.value
    }

    /// The predictive standard deviation per output in scaled units (`e^{s/2}`), for
    /// Gaussian models.
    public var noiseStd: [Float]? {
        guard let gaussian = loss as? GaussianNLLLoss else { return nil }
        return gaussian.variance.scalars.map { $0.squareRoot() }
    }
}
