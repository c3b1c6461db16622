import TSData
import TSNN
import TSRecurrent
import TSTensor

/// The recurrent families (`lstm`, `gru`, `rnn`): `torch.nn.LSTM|GRU|RNN(F, H, num_layers)`
/// named after the kind (`lstm.weight_ih_l0`, …) and a `torch.nn.Linear(H, O)` named `head`
/// applied at every step; `x [T, B, F] → ŷ [T, B, O]` (`O·Q` with the quantile loss,
/// `NetworkSpec.headSize`).
///
/// The input is a context window of `lags` rows (`subsequence` rows when training on
/// sub-sequences) whose step features are `[y(r−1), u_j(r−nk)…]`, then `y(r−s)` per seasonal
/// lag and the calendar pairs of `t(r)` (`SeasonalInputs`); the prediction of
/// `y(k)` is the output of the last step. With `horizon = H > 1` the head emits `O = H`
/// values, `y(k … k+H−1)` from the same window (direct multi-horizon, MIMO), and a longer
/// forecast continues in blocks of `H`; with `H = 1` the families forecast recursively.
///
/// With `decoder` seq2seq the network is one `EncoderDecoder` named `seq2seq`
/// (`seq2seq.encoder.*`, `seq2seq.decoder.*`, `seq2seq.head.*`) over the
/// `encoderDecoder` layout: the context window, then the `H` rows' known inputs.
public struct RecurrentForecaster: ForecastArchitecture {
    /// The cell.
    public let cell: RecurrentKind
    /// The module-tree name of the recurrent layer (the kind's raw value).
    public let name: String

    public func layout(for setup: ForecastSetup, inputCount: Int) -> InputLayout {
        let context = setup.subsequence ?? setup.lags
        let delays = Array(repeating: setup.inputDelay, count: inputCount)
        let spec = SequenceSpec(length: context, stride: 1, washout: context - 1, inputDelays: delays, seasonal: setup.seasonalInputs(),
            horizon: setup.horizon)
        return setup.decoder == .seq2seq ? .encoderDecoder(spec, context: context) : .sequence(spec, context: context)
    }

    public func network(for setup: ForecastSetup, layout: InputLayout) -> NetworkSpec {
        var spec = baseNetwork(for: setup, layout: layout)
        if setup.decoder == .seq2seq { spec.decoder = .seq2seq }
        return spec
    }

    public func layers(for spec: NetworkSpec, store: ParameterStore, rng: inout RandomGenerator) -> [(name: String, layer: any Layer)] {
        if spec.decoder == .seq2seq {
            let layer = EncoderDecoder(
                kind: cell, features: spec.inputSize, hidden: spec.hiddenSize, layers: spec.numLayers, dropout: spec.dropout,
                steps: spec.outputSize, width: spec.headSize / spec.outputSize, scope: store.scope("seq2seq"), rng: &rng)
            return [("seq2seq", layer)]
        }
        let recurrent = RecurrentLayer(
            kind: cell, inputSize: spec.inputSize, hiddenSize: spec.hiddenSize, numLayers: spec.numLayers,
            dropout: spec.dropout, scope: store.scope(name), rng: &rng)
        let head = Linear(inputSize: spec.hiddenSize, outputSize: spec.headSize, scope: store.scope("head"), rng: &rng)
        return [(name, recurrent), ("head", head)]
    }

    public func summaryInput(for spec: NetworkSpec) -> [Int] {
        [ModuleSummary.time, ModuleSummary.batch, spec.inputSize]
    }

    public func validate(_ setup: ForecastSetup) throws(SetupError) {
        if setup.decoder == .seq2seq, setup.subsequence != nil {
            throw SetupError(.subsequence, "\(.subsequence) training does not apply to \(.decoder) seq2seq, which forecasts from the end of each window")
        }
        if setup.objective == .simulation {
            throw SetupError(.objective, "\(.objective) simulation needs \(.model) narx or mlp with \(.horizon) 1")
        }
        if setup.stateful && setup.subsequence == nil {
            throw SetupError(.stateful, "\(.stateful) needs \(.subsequence) L (the chunk length of each lane)")
        }
        if setup.stateful && setup.horizon > 1 {
            throw SetupError(.stateful, "\(.stateful) trains one-step models; it does not take \(.horizon) \(setup.horizon)")
        }
        if setup.decoder == .seq2seq, let nearest = setup.seasonalLags.min(), nearest < setup.horizon {
            throw SetupError(
                .seasonalLags,
                "\(.seasonalLags) \(nearest) is shorter than \(.horizon) \(setup.horizon): the seq2seq decoder would read targets it forecasts")
        }
    }
}
