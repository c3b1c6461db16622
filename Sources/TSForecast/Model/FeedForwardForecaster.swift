import TSData
import TSNN
import TSTensor

/// The feed-forward families (`narx`, `mlp`): `torch.nn.Sequential(Linear(F, H), Tanh(),
/// …, Linear(H, O))` named `net` (`net.0.weight`, `net.2.weight`, …); `x [B, F] → ŷ [B, O]`
/// (`O·Q` with the quantile loss, `NetworkSpec.headSize`).
///
/// The input is the NARX regressor `[y(k−1) … y(k−na), u(k−nk) … u(k−nk−nb+1) per input]`
/// (`mlp`: the target's lags only), then the seasonal lags `y(k−s)` and calendar pairs of
/// `t(k)` (`SeasonalInputs`, `S = 1`), and the output `y(k … k+O−1)`, a direct multi-step
/// forecast when `horizon > 1`. Trained one step ahead (series-parallel) or on the
/// simulation loss through its own fed-back predictions (parallel; Narendra &
/// Parthasarathy), the latter with one output.
public struct FeedForwardForecaster: ForecastArchitecture {
    public func layout(for setup: ForecastSetup, inputCount: Int) -> InputLayout {
        let lags = Array(repeating: InputLag(order: setup.inputLags, delay: setup.inputDelay), count: inputCount)
        return .regressor(NARXSpec(outputLags: setup.lags, inputLags: lags, horizon: setup.horizon, seasonal: setup.seasonalInputs()))
    }

    public func layers(for spec: NetworkSpec, store: ParameterStore, rng: inout RandomGenerator) -> [(name: String, layer: any Layer)] {
        let sizes = [spec.inputSize] + Array(repeating: spec.hiddenSize, count: spec.numLayers) + [spec.headSize]
        return [("net", Sequential.multilayerPerceptron(sizes: sizes, activation: .tanh, scope: store.scope("net"), rng: &rng))]
    }

    public func summaryInput(for spec: NetworkSpec) -> [Int] {
        [ModuleSummary.batch, spec.inputSize]
    }

    public func validate(_ setup: ForecastSetup) throws(SetupError) {
        if setup.objective == .simulation && setup.horizon > 1 {
            throw SetupError(.objective, "\(.objective) simulation needs \(.model) narx or mlp with \(.horizon) 1")
        }
    }
}
