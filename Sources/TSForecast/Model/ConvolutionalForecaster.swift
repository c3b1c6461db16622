import TSData
import TSNN
import TSTensor

/// The convolutional family (`cnn`): a temporal convolutional network (Bai, Kolter &
/// Koltun 2018) over the last `L = lags` rows; `r [B, S·L] → ŷ [B, O]`.
///
///     window: LagWindow            [B, S·L] → [B, S, L]     (S series, time order)
///     tcn:    n temporal blocks    [B, S, L] → [B, C, L]    (block i: dilation 2^i, causal)
///     last:   LastStep             [B, C, L] → [B, C]       (the newest step)
///     head:   Linear(C, O)         [B, C]    → [B, O]     (O·Q with the quantile loss)
///
/// with `C = hidden` channels, `k = kernelSize` taps and the fewest blocks `n` whose
/// receptive field `1 + 2·(k − 1)·(2ⁿ − 1)` covers the `L` steps (`ResidualBlock.temporal`).
/// It reads the NARX regressor with `L` lags of the target and of every input (delay
/// `nk`), so it forecasts one step, several steps recursively, or `horizon` steps at once
/// (direct) exactly like the feed-forward families. Seasonal lags and calendar features
/// are further channels (`SeasonalInputs` with `L` steps): `y(k−s−t)` and the pairs of
/// `t(k−t)`, `t < L`, so `S = 1 + inputs + seasonal lags + 2·calendar features`. State-dict names: `tcn.0.main.0.weight`,
/// …, `head.weight`.
public struct ConvolutionalForecaster: ForecastArchitecture {
    public func layout(for setup: ForecastSetup, inputCount: Int) -> InputLayout {
        let lags = Array(repeating: InputLag(order: setup.lags, delay: setup.inputDelay), count: inputCount)
        return .regressor(NARXSpec(outputLags: setup.lags, inputLags: lags, horizon: setup.horizon, seasonal: setup.seasonalInputs(steps: setup.lags)))
    }

    /// The blocks follow from `lags` and `kernelSize` (`numLayers`); the series per step
    /// from the regressor length (`S = F / L`).
    public func network(for setup: ForecastSetup, layout: InputLayout) -> NetworkSpec {
        var spec = NetworkSpec(
            kind: .cnn, inputSize: layout.featureCount, hiddenSize: setup.hidden,
            numLayers: Self.blockCount(steps: setup.lags, kernelSize: setup.kernelSize), dropout: setup.dropout,
            outputSize: layout.outputCount, loss: setup.loss, quantiles: setup.quantileLevels)
        spec.kernelSize = setup.kernelSize
        spec.series = layout.featureCount / setup.lags
        return spec
    }

    public func layers(for spec: NetworkSpec, store: ParameterStore, rng: inout RandomGenerator) -> [(name: String, layer: any Layer)] {
        let series = spec.series ?? 1
        let scope = store.scope("tcn")
        let blocks: [any Layer] = (0..<spec.numLayers).map { i in
            ResidualBlock.temporal(
                inChannels: i == 0 ? series : spec.hiddenSize, outChannels: spec.hiddenSize, kernelSize: spec.convolutionKernel,
                dilation: 1 << i, dropout: spec.dropout, scope: scope.child(i), rng: &rng)
        }
        let head = Linear(inputSize: spec.hiddenSize, outputSize: spec.headSize, scope: store.scope("head"), rng: &rng)
        return [("window", LagWindow(series: series)), ("tcn", Sequential(blocks)), ("last", LastStep()), ("head", head)]
    }

    public func summaryInput(for spec: NetworkSpec) -> [Int] {
        [ModuleSummary.batch, spec.inputSize]
    }

    public func validate(_ setup: ForecastSetup) throws(SetupError) {
        if setup.kernelSize < 2 { throw SetupError(.kernelSize, "\(.kernelSize) must be at least 2, got \(setup.kernelSize)") }
        if setup.layers != 1 {
            throw SetupError(.layers, "\(.layers) does not apply to \(.model) cnn: its blocks follow from \(.lags) and \(.kernelSize)")
        }
        if setup.inputLags != 1 {
            throw SetupError(.inputLags, "\(.inputLags) does not apply to \(.model) cnn: it reads \(.lags) rows of every input")
        }
        if setup.objective == .simulation {
            throw SetupError(.objective, "\(.objective) simulation needs \(.model) narx or mlp with \(.horizon) 1")
        }
    }

    /// The fewest blocks `n ≥ 1` whose receptive field `1 + 2·(k − 1)·(2ⁿ − 1)` is at
    /// least `steps`.
    public static func blockCount(steps: Int, kernelSize k: Int) -> Int {
        precondition(k >= 2, "ConvolutionalForecaster.blockCount: kernel size must be at least 2, got \(k)")
        var n = 1
        while receptiveField(blocks: n, kernelSize: k) < steps { n += 1 }
        return n
    }

    /// `1 + 2·(k − 1)·(2ⁿ − 1)`: the rows `n` blocks of two `k`-tap convolutions with
    /// dilations `1, 2, …, 2ⁿ⁻¹` read for one output step (`Int.max` when larger).
    public static func receptiveField(blocks n: Int, kernelSize k: Int) -> Int {
        guard n < Int.bitWidth - 1 else { return .max }
        let (span, overflow) = (2 * (k - 1)).multipliedReportingOverflow(by: (1 << n) - 1)
        return overflow || span == .max ? .max : span + 1
    }
}
