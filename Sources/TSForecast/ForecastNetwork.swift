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
public final class ForecastNetwork {
    public let spec: NetworkSpec
    public let store = ParameterStore()
    /// The training loss (MSE, or Gaussian NLL holding its log-variance in `store`).
    public let loss: RegressionLoss
    private let recurrent: RecurrentNetwork?
    private let head: Linear?
    private let mlp: Sequential?
    private var lastTimeSteps = 0

    /// Builds the network with PyTorch's default initialisation drawn from `seed`.
    public init(spec: NetworkSpec, seed: UInt64) {
        self.spec = spec
        var rng = RandomGenerator(seed: seed)
        if spec.kind.isRecurrent {
            let kind: RecurrentKind = spec.kind == .lstm ? .lstm : spec.kind == .gru ? .gru : .rnnTanh
            recurrent = RecurrentNetwork(
                kind: kind, inputSize: spec.inputSize, hiddenSize: spec.hiddenSize, numLayers: spec.numLayers,
                dropout: spec.dropout, store: store, prefix: spec.kind.rawValue, rng: &rng)
            head = Linear(inputSize: spec.hiddenSize, outputSize: spec.outputSize, store: store, name: "head", rng: &rng)
            mlp = nil
        } else {
            let sizes = [spec.inputSize] + Array(repeating: spec.hiddenSize, count: spec.numLayers) + [spec.outputSize]
            mlp = Sequential.multilayerPerceptron(sizes: sizes, activation: .tanh, store: store, name: "net", rng: &rng)
            recurrent = nil
            head = nil
        }
        loss = spec.loss == .gaussian ? GaussianNLLLoss(outputSize: spec.outputSize, store: store) : MSELoss()
    }

    /// `x [T, B, F] → [T, B, O]` (recurrent) or `x [B, F] → [B, O]` (feed-forward).
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        if let mlp { return mlp.forward(input, training: training) }
        precondition(input.rank == 3 && input.shape[2] == spec.inputSize, "ForecastNetwork.forward: expected [T, B, \(spec.inputSize)], got \(input.shape)")
        let (steps, batch) = (input.shape[0], input.shape[1])
        lastTimeSteps = steps
        let hidden = recurrent!.forward(input, initialState: nil, training: training).output
        return head!.forward(hidden.reshaped([steps * batch, spec.hiddenSize]), training: training)
            .reshaped([steps, batch, spec.outputSize])
    }

    /// `dŷ` of the last `forward` → `dx`; accumulates every parameter gradient.
    @discardableResult
    public func backward(_ dOutput: Tensor) -> Tensor {
        if let mlp { return mlp.backward(dOutput) }
        let batch = dOutput.shape[1]
        let dHidden = head!.backward(dOutput.reshaped([lastTimeSteps * batch, spec.outputSize]))
        return recurrent!.backward(dOutput: dHidden.reshaped([lastTimeSteps, batch, spec.hiddenSize]), dFinalState: nil).dInput
    }

    /// One training pass of a recurrent network whose loss weights only the last step:
    /// `x [T, B, F]`, `target` and `weights` `[B, O]` of step `T − 1`. Returns the loss
    /// and accumulates every parameter gradient, exactly as `forward`, the loss on
    /// `[T, B, O]` (weights 0 before `T − 1`) and `backward` would, but applies the head
    /// to the last step only and enters its gradient through `∂L/∂h_n` of the top layer
    /// (the masked steps contribute zero gradients either way).
    func trainLastStep(_ input: Tensor, target: Tensor, weights: Tensor) -> Float {
        let (recurrent, head) = (recurrent!, head!)
        precondition(input.rank == 3 && input.shape[2] == spec.inputSize, "ForecastNetwork.trainLastStep: expected [T, B, \(spec.inputSize)], got \(input.shape)")
        let (steps, batch, hidden) = (input.shape[0], input.shape[1], spec.hiddenSize)
        lastTimeSteps = steps
        let finalState = recurrent.forwardFinalState(input, training: true)
        let top = (spec.numLayers - 1) * batch * hidden
        let last = Tensor(shape: [batch, hidden], scalars: Array(finalState.h.scalars[top..<(top + batch * hidden)]))
        let result = loss.evaluate(prediction: head.forward(last, training: true), target: target, weights: weights)
        var dFinal = Tensor(shape: finalState.h.shape)
        dFinal.scalars.replaceSubrange(top..<(top + batch * hidden), with: head.backward(result.dPrediction).scalars)
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
