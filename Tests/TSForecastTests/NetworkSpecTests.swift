import Testing
@testable import TSForecast

/// `NetworkSpec.parameterCount`, which the model loader checks against a file's tensors
/// before building the network, counts exactly the parameters the network registers.
@Suite struct NetworkSpecTests {
    @Test func parameterCountMatchesTheBuiltNetwork() {
        for kind in ModelKind.allCases {
            for loss in [LossKind.mse, .gaussian] {
                for (layers, output) in [(1, 1), (2, 3), (3, 2)] {
                    let spec = NetworkSpec(kind: kind, inputSize: 3, hiddenSize: 5, numLayers: layers, outputSize: output, loss: loss)
                    let built = ForecastNetwork(spec: spec, seed: 0).store.count
                    #expect(spec.parameterCount == built, "\(kind) \(loss) \(layers) layers, \(output) outputs")
                    #expect(spec.mismatch(parameters: built) == nil)
                    #expect(spec.mismatch(parameters: built + 1) != nil)
                }
            }
        }
        let huge = NetworkSpec(kind: .lstm, inputSize: 1, hiddenSize: 1 << 30, numLayers: 1 << 20)
        #expect(huge.parameterCount == nil)
        #expect(huge.mismatch(parameters: 10)?.contains("more than 2^53") == true)
    }
}
