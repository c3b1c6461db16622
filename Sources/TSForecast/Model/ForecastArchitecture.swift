import TSNN
import TSTensor

/// A forecasting model family: everything that differs between families, so that a new
/// family is one file conforming to this protocol plus its `ModelKind` case and the line
/// that registers it in `ModelKind.architecture`.
///
/// The rest of the pipeline is shared: `ForecastNetwork` runs the layers the family builds
/// (followed by the Gaussian noise module when the loss asks for it), `summary` walks
/// them, `TaskFactory` trains them on the windows its `InputLayout` describes, and
/// `ForecastSetup.validate` adds the family's own rules to the common ones.
public protocol ForecastArchitecture: Sendable {
    /// How the family reads a recording for `setup` with `inputCount` exogenous inputs.
    func layout(for setup: ForecastSetup, inputCount: Int) -> InputLayout
    /// The network's layers in the order they run, each registered in `store` under its
    /// name in the module tree (PyTorch's `state_dict` prefix), mapping the layout's input
    /// (`spec.inputSize` features) to `spec.headSize` outputs. Parameters are drawn from
    /// `rng` in registration order.
    func layers(for spec: NetworkSpec, store: ParameterStore, rng: inout RandomGenerator) -> [(name: String, layer: any Layer)]
    /// The network input shape the summary walks from, with symbolic batch and time sizes
    /// (`ModuleSummary.batch`, `.time`).
    func summaryInput(for spec: NetworkSpec) -> [Int]
    /// Setting combinations this family cannot run.
    func validate(_ setup: ForecastSetup) throws(SetupError)
    /// The network a training run of `setup` builds over `layout` (default: `hidden`
    /// units, `layers` layers, the layout's features in and outputs out).
    func network(for setup: ForecastSetup, layout: InputLayout) -> NetworkSpec
}

extension ForecastArchitecture {
    public func network(for setup: ForecastSetup, layout: InputLayout) -> NetworkSpec { baseNetwork(for: setup, layout: layout) }

    /// The default network of `network(for:layout:)`, for families that add to it.
    func baseNetwork(for setup: ForecastSetup, layout: InputLayout) -> NetworkSpec {
        NetworkSpec(
            kind: setup.model, inputSize: layout.featureCount, hiddenSize: setup.hidden, numLayers: setup.layers,
            dropout: setup.dropout, outputSize: layout.outputCount, loss: setup.loss, quantiles: setup.quantileLevels)
    }
}

extension ModelKind {
    /// The family behind this kind (the registration of every `ForecastArchitecture`).
    public var architecture: any ForecastArchitecture {
        switch self {
        case .lstm: RecurrentForecaster(cell: .lstm, name: rawValue)
        case .gru: RecurrentForecaster(cell: .gru, name: rawValue)
        case .rnn: RecurrentForecaster(cell: .rnnTanh, name: rawValue)
        case .narx, .mlp: FeedForwardForecaster()
        case .cnn: ConvolutionalForecaster()
        }
    }
}
