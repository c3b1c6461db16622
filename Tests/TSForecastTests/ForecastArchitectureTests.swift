import Testing
@testable import TSForecast
import TSNN
import TSTensor

/// Every registered family builds, from a setup, a layout and a network that fit each
/// other: the layout's features in, the layout's outputs out (`O·Q` of them with the
/// quantile loss).
@Suite struct ForecastArchitectureTests {
    @Test(arguments: ModelKind.allCases)
    func layoutAndNetworkFit(kind: ModelKind) throws {
        var setup = ForecastSetup()
        setup.model = kind
        setup.lags = 4
        setup.horizon = kind.isRecurrent ? 1 : 2
        setup.hidden = 5
        setup.layers = kind == .cnn ? 1 : 2
        try setup.validate()
        let architecture = kind.architecture
        let layout = architecture.layout(for: setup, inputCount: 1)
        let spec = architecture.network(for: setup, layout: layout)
        #expect(spec.inputSize == layout.featureCount && spec.outputSize == layout.outputCount && spec.hiddenSize == 5)
        let network = ForecastNetwork(spec: spec, seed: 3)
        // The summary's symbolic sizes made concrete: batch 2, time 4.
        let shape = architecture.summaryInput(for: spec).map { $0 == ModuleSummary.batch ? 2 : $0 == ModuleSummary.time ? 4 : $0 }
        let output = network.forward(Tensor(shape: shape, repeating: 0.5), training: false)
        #expect(output.shape == network.outputShape(for: shape))
        #expect(output.shape.last == layout.outputCount)
        #expect(network.parameters() == network.store.entries)

        // The quantile loss: the same layout, Q = 3 outputs per predicted value.
        setup.loss = .quantile
        let quantileSpec = architecture.network(for: setup, layout: layout)
        #expect(quantileSpec.quantiles == [0.1, 0.5, 0.9] && quantileSpec.outputSize == layout.outputCount)
        #expect(quantileSpec.headSize == 3 * layout.outputCount)
        let quantileOutput = ForecastNetwork(spec: quantileSpec, seed: 3).forward(Tensor(shape: shape, repeating: 0.5), training: false)
        #expect(quantileOutput.shape.last == quantileSpec.headSize)
    }
}
