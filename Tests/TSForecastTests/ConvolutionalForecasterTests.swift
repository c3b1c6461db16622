import Foundation
import Testing
import TestSupport
import TSData
@testable import TSForecast
import TSNN
import TSTensor

/// The `cnn` family (a temporal convolutional network over the lag window): its block
/// count, causality, gradients, model files and forecasting quality on sunspots.
@Suite struct ConvolutionalForecasterTests {
    /// The fewest blocks whose receptive field `1 + 2(k − 1)(2ⁿ − 1)` covers the lags.
    @Test func blocksCoverTheLags() {
        #expect(ConvolutionalForecaster.receptiveField(blocks: 1, kernelSize: 3) == 5)
        #expect(ConvolutionalForecaster.receptiveField(blocks: 2, kernelSize: 3) == 13)
        #expect(ConvolutionalForecaster.blockCount(steps: 5, kernelSize: 3) == 1)
        #expect(ConvolutionalForecaster.blockCount(steps: 6, kernelSize: 3) == 2)
        #expect(ConvolutionalForecaster.blockCount(steps: 10, kernelSize: 3) == 2)
        #expect(ConvolutionalForecaster.blockCount(steps: 14, kernelSize: 3) == 3)
        #expect(ConvolutionalForecaster.blockCount(steps: 12, kernelSize: 2) == 3)  // 1 + 2·(1 + 2 + 4) = 15
        #expect(ConvolutionalForecaster.blockCount(steps: 1, kernelSize: 5) == 1)
        #expect(ConvolutionalForecaster.receptiveField(blocks: 62, kernelSize: 3) == .max)  // saturates, never traps
        #expect(ConvolutionalForecaster.blockCount(steps: .max, kernelSize: 3) == 62)
    }

    /// A network for `lags` lags of the target and `inputs` inputs, `O = horizon`.
    static func network(
        lags: Int, inputs: Int, horizon: Int, channels: Int, kernelSize: Int = 3, dropout: Float = 0, seed: UInt64 = 5
    ) -> ForecastNetwork {
        var setup = ForecastSetup()
        setup.model = .cnn
        setup.lags = lags
        setup.horizon = horizon
        setup.hidden = channels
        setup.kernelSize = kernelSize
        setup.dropout = dropout
        let architecture = ConvolutionalForecaster()
        let layout = architecture.layout(for: setup, inputCount: inputs)
        return ForecastNetwork(spec: architecture.network(for: setup, layout: layout), seed: seed)
    }

    /// Every lag of every series reaches the prediction (the receptive field covers the
    /// window), and the convolution stack is causal: changing step `t` of its input
    /// leaves every output step before `t` exactly as it was and changes step `t`.
    @Test func receptiveFieldAndCausality() throws {
        let network = Self.network(lags: 7, inputs: 1, horizon: 1, channels: 4)
        #expect(network.spec.numLayers == 2 && network.spec.series == 2 && network.spec.kernelSize == 3)
        var rng = RandomGenerator(seed: 3)
        let x = rng.normalTensor(shape: [3, 14])
        let tape = Tape()
        let y = network.forward(x, training: false, tape: tape)
        let dx = tape.backward(Tensor(shape: y.shape, repeating: 1))
        for feature in 0..<14 {
            #expect((0..<3).contains { dx[$0, feature] != 0 }, "lag feature \(feature) does not reach the output")
        }

        let tcn = try #require(network.children.first { $0.name == "tcn" }?.module as? Sequential)
        let window = rng.normalTensor(shape: [1, 2, 7])
        let base = tcn.forward(window, training: false)
        for t in 0..<7 {
            var changed = window
            changed[0, 0, t] += 1
            let output = tcn.forward(changed, training: false)
            for c in 0..<4 {
                for s in 0..<t { #expect(output[0, c, s] == base[0, c, s], "output step \(s) reads input step \(t)") }
            }
            #expect((0..<4).contains { output[0, $0, t] != base[0, $0, t] }, "output step \(t) ignores input step \(t)")
        }
    }

    /// Gradient check of the whole network (lag window, two temporal blocks with a 1×1
    /// shortcut, last step, head) for every parameter and every input element, with two
    /// series and a direct two-step head. The error model and its tolerances are
    /// `gradientCheck`'s; the step `ε = 4e-3` stays 10 steps from every ReLU kink (the
    /// test asserts the margin first), so the differences are smooth.
    @Test func gradientsMatchFiniteDifferences() throws {
        // k = 2, 6 lags: 1 + 2·(2¹ − 1) = 3 < 6 ≤ 1 + 2·(2² − 1) = 7, two blocks (dilations 1, 2).
        let network = Self.network(lags: 6, inputs: 1, horizon: 2, channels: 3, kernelSize: 2, seed: 30)
        #expect(network.spec.numLayers == 2 && network.spec.series == 2)
        var rng = RandomGenerator(seed: 11)
        let x = rng.normalTensor(shape: [1, 12])
        #expect(try Self.reluMargin(network, x) >= 4e-2, "the point is 10 steps from every ReLU kink")
        let reports = checkLayer(network, store: network.store, input: x, epsilon: 4e-3)
        // Two convolutions per block and block 0's shortcut (weight + bias each), the head's, the input.
        #expect(reports.count == 2 * 4 + 2 + 2 + 1)
        expectGradientsMatch(reports)
    }

    /// The network matches PyTorch (`Utilities/Reference/tcn_forecaster_fixtures.py`:
    /// causal convolutions as left padding, the regressor flipped into a window, the head
    /// on the newest step) in its output and every gradient, for S = 2 series, L = 6 lags,
    /// C = 3, k = 2, two blocks, O = 2, B = 4. Depth 64 (`expectMatchesReference`): the
    /// longest chain of roundings runs through four convolutions of at most C·k = 6 terms,
    /// the shortcut, two residual sums and the head's 3 (≈ 40 in the forward pass; the
    /// weight gradients add a sum over B·L = 24 positions).
    @Test func matchesPyTorch() throws {
        let url = try #require(Bundle.module.url(forResource: "tcn_forecaster", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try Fixture(contentsOf: url)
        let network = Self.network(lags: 6, inputs: 1, horizon: 2, channels: 3, kernelSize: 2)
        #expect(network.store.entries.map(\.name) == [
            "tcn.0.main.0.weight", "tcn.0.main.0.bias", "tcn.0.main.2.weight", "tcn.0.main.2.bias", "tcn.0.shortcut.0.weight",
            "tcn.0.shortcut.0.bias", "tcn.1.main.0.weight", "tcn.1.main.0.bias", "tcn.1.main.2.weight", "tcn.1.main.2.bias",
            "head.weight", "head.bias",
        ])
        for entry in network.store.entries { network.store.setValue(entry, fixture[entry.name]) }
        let tape = Tape()
        let y = network.forward(fixture["r"], training: true, tape: tape)
        expectMatchesReference(y, fixture["y"], depth: 64, "output")
        network.store.zeroGradients()
        expectMatchesReference(tape.backward(fixture["dy"]), fixture["grad.r"], depth: 64, "dr")
        for entry in network.store.entries {
            expectMatchesReference(network.store.gradient(entry), fixture["grad.\(entry.name)"], depth: 64, "d\(entry.name)")
        }
    }

    /// With dropout each ReLU of a block is followed by a `Dropout` (the second
    /// convolution becomes `main.3`): training forwards draw masks, inference is
    /// deterministic, and the spec's parameter count still matches.
    @Test func dropoutFollowsEveryReLU() {
        let network = Self.network(lags: 4, inputs: 0, horizon: 1, channels: 4, dropout: 0.5)
        #expect(network.store.entries.map(\.name) == [
            "tcn.0.main.0.weight", "tcn.0.main.0.bias", "tcn.0.main.3.weight", "tcn.0.main.3.bias", "tcn.0.shortcut.0.weight",
            "tcn.0.shortcut.0.bias", "head.weight", "head.bias",
        ])
        #expect(network.spec.mismatch(parameters: network.store.count) == nil)
        var rng = RandomGenerator(seed: 4)
        let x = rng.normalTensor(shape: [8, 4])
        #expect(network.forward(x, training: false) == network.forward(x, training: false))
        #expect(network.forward(x, training: true) != network.forward(x, training: true))
    }

    /// The smallest `|z|` over the ReLU inputs of every temporal block for input `x`.
    static func reluMargin(_ network: ForecastNetwork, _ x: Tensor) throws -> Float {
        let tcn = try #require(network.children.first { $0.name == "tcn" }?.module as? Sequential)
        var z = LagWindow(series: network.spec.series ?? 1).forward(x, training: false)
        var margin = Float.infinity
        for case let block as ResidualBlock in tcn.layers {
            margin = min(margin, TestSupport.reluMargin(block, z, training: false))
            z = block.forward(z, training: false)
        }
        return margin
    }

    /// A trained model with inputs, a direct horizon and the Gaussian loss survives a
    /// model file: the same spec, the same parameters, the same forecasts and metrics.
    @Test func modelFileRoundTrip() throws {
        var setup = ForecastSetup()
        setup.model = .cnn
        setup.inputs = ["u1", "u2"]
        setup.lags = 8
        setup.inputDelay = 1
        setup.horizon = 3
        setup.hidden = 6
        setup.kernelSize = 2
        setup.loss = .gaussian
        setup.training.epochs = 3
        let run = try ForecastPipeline.train(file: TestData.bundled("sine_exog.csv"), setup: setup, progress: nil)
        #expect(run.outcome.failure == nil)
        // 1 + 2·(2 − 1)·(2² − 1) = 7 < 8 lags: three blocks.
        #expect(run.model.network.spec.series == 3 && run.model.network.spec.numLayers == 3 && run.model.network.spec.kernelSize == 2)
        let url = try TestData.temporaryDirectory().appendingPathComponent("cnn.safetensors")
        try run.model.save(to: url)
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.metadata.network == run.model.network.spec)
        #expect(loaded.metadata.setup == run.model.metadata.setup)
        for (a, b) in zip(loaded.network.store.entries, run.model.network.store.entries) {
            #expect(a.name == b.name && loaded.network.store.value(a) == run.model.network.store.value(b))
        }
        var rng = RandomGenerator(seed: 2)
        let x = rng.normalTensor(shape: [4, 24])
        #expect(loaded.network.forward(x, training: false) == run.model.network.forward(x, training: false))
        #expect(loaded.network.noiseStd == run.model.network.noiseStd && loaded.network.noiseStd != nil)
        let file = TestData.bundled("sine_exog.csv")
        let metrics = try loaded.evaluate(file: file, mode: .oneStep, all: false).metrics
        let original = try run.model.evaluate(file: file, mode: .oneStep, all: false).metrics
        #expect(metrics.count > 0 && metrics.rmse == original.rmse && metrics.mae == original.mae)
    }

    /// On yearly sunspots under the protocol of `PipelineTests` (lags 10, 16 channels or
    /// hidden units, 40 epochs, lr 0.01, seed 1), the cnn beats persistence and is in the
    /// LSTM's range: its test RMSE at most 1.25 times the LSTM's.
    @Test func beatsPersistenceOnSunspotsLikeTheLSTM() throws {
        let file = TestData.bundled("sunspots_yearly.csv")
        let cnn = try ForecastPipeline.train(file: file, setup: PipelineTests.setup(.cnn), progress: nil).report
        let lstm = try ForecastPipeline.train(file: file, setup: PipelineTests.setup(.lstm), progress: nil).report
        #expect(cnn.test.count == 47)
        let message = Comment(rawValue: "cnn RMSE \(cnn.test.rmse), lstm \(lstm.test.rmse), persistence \(cnn.baselines.persistence.rmse)")
        #expect(cnn.test.rmse < cnn.baselines.persistence.rmse, message)
        #expect(cnn.test.rmse <= 1.25 * lstm.test.rmse, message)
    }
}
