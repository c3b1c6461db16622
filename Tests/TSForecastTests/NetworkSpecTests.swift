import Testing
@testable import TSForecast

/// `NetworkSpec.parameterCount`, which the model loader checks against a file's tensors
/// before building the network, counts exactly the parameters the network registers.
@Suite struct NetworkSpecTests {
    @Test func parameterCountMatchesTheBuiltNetwork() {
        for kind in ModelKind.allCases {
            for loss in LossKind.allCases {
                for (layers, output) in [(1, 1), (2, 3), (3, 2)] {
                    let spec = NetworkSpec(
                        kind: kind, inputSize: 3, hiddenSize: 5, numLayers: layers, outputSize: output, loss: loss,
                        quantiles: loss == .quantile ? [0.1, 0.5, 0.9] : nil)
                    let built = ForecastNetwork(spec: spec, seed: 0).store.count
                    #expect(spec.parameterCount == built, "\(kind) \(loss) \(layers) layers, \(output) outputs")
                    #expect(spec.mismatch(parameters: built) == nil)
                    #expect(spec.mismatch(parameters: built + 1) != nil)
                }
            }
        }
        // cnn: S series of L lags, k taps; a shortcut only when S ≠ C.
        for (series, kernel, lags, channels) in [(1, 3, 4, 5), (2, 2, 3, 5), (5, 4, 2, 5)] {
            for loss in LossKind.allCases {
                var spec = NetworkSpec(
                    kind: .cnn, inputSize: series * lags, hiddenSize: channels, numLayers: 2, outputSize: 2, loss: loss,
                    quantiles: loss == .quantile ? [0.25, 0.75] : nil)
                spec.series = series
                spec.kernelSize = kernel
                let built = ForecastNetwork(spec: spec, seed: 0).store.count
                #expect(spec.parameterCount == built, "cnn S \(series) k \(kernel) \(loss)")
                #expect(spec.mismatch(parameters: built) == nil)
                spec.series = series * lags + 1
                #expect(spec.mismatch(parameters: built)?.contains("dividing inputSize") == true)
            }
        }
        var levelless = NetworkSpec(kind: .mlp, inputSize: 3, hiddenSize: 5, loss: .quantile)
        #expect(levelless.mismatch(parameters: levelless.parameterCount!)?.contains("quantile levels") == true)
        levelless.quantiles = [0.5, 1.5]
        #expect(levelless.mismatch(parameters: levelless.parameterCount!)?.contains("quantile levels") == true)
        let huge = NetworkSpec(kind: .lstm, inputSize: 1, hiddenSize: 1 << 30, numLayers: 1 << 20)
        #expect(huge.parameterCount == nil)
        #expect(huge.mismatch(parameters: 10)?.contains("more than 2^53") == true)
    }
}
