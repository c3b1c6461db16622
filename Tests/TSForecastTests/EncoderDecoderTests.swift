// Reference values: `python3 Utilities/Reference/seq2seq_forecaster_fixtures.py`
// (writes Fixtures/seq2seq_forecaster.json).
import Foundation
import Testing
import TestSupport
import TSData
@testable import TSForecast
import TSNN
import TSRecurrent
import TSTensor
import TSTraining

/// The recurrent encoder-decoder (`--decoder seq2seq`): gradients, PyTorch parity, and
/// the model through training, files and forecasts.
@Suite struct EncoderDecoderTests {
    /// A network of `kind` over `features` step features with `steps` decoder steps.
    static func network(
        _ kind: ModelKind, features: Int, hidden: Int, layers: Int, steps: Int, loss: LossKind = .mse, seed: UInt64 = 3
    ) -> ForecastNetwork {
        var spec = NetworkSpec(
            kind: kind, inputSize: features, hiddenSize: hidden, numLayers: layers, outputSize: steps, loss: loss,
            quantiles: loss == .quantile ? [0.2, 0.8] : nil)
        spec.decoder = .seq2seq
        return ForecastNetwork(spec: spec, seed: seed)
    }

    /// Gradient check of the whole composite (encoder, decoder from the encoder's final
    /// state, per-step head, side-by-side outputs) for every parameter and every input
    /// element, with two layers and two quantile outputs per step, so the state hand-over
    /// of every layer (and the LSTM's cell state) and the output layout are exercised.
    /// The error model and its tolerances are `gradientCheck`'s (smooth: tanh and
    /// sigmoid only).
    @Test(arguments: [ModelKind.lstm, .gru, .rnn])
    func gradientsMatchFiniteDifferences(kind: ModelKind) {
        let network = Self.network(kind, features: 2, hidden: 3, layers: 2, steps: 2, loss: .quantile)
        #expect(network.spec.mismatch(parameters: network.store.count) == nil)
        var rng = RandomGenerator(seed: 9)
        let x = rng.normalTensor(shape: [3 + 2, 2, 2])
        #expect(network.outputShape(for: x.shape) == [1, 2, 4])
        let reports = checkLayer(network, store: network.store, input: x)
        // Encoder and decoder: 4 tensors per layer, two layers each; the head's 2; the input.
        #expect(reports.count == 2 * 2 * 4 + 2 + 1)
        expectGradientsMatch(reports)
    }

    /// The longest chain of Float32 roundings behind a fixture value: forward and backward
    /// through `C + H` steps of `L` layers, each step a dot product of at most `4N` terms
    /// plus ten element-wise operations (`RecurrentParityTests`' count), then the head's
    /// `N` terms and the gradient sums over the `(C + H)·B` step rows.
    static func depth(steps: Int, batch: Int, hidden: Int, layers: Int) -> Int {
        2 * steps * layers * (4 * hidden + 10) + steps * batch + hidden
    }

    /// Output, input gradient and every parameter gradient match PyTorch's
    /// (`expectMatchesReference` at the depth above); so do the MSE loss, its gradients,
    /// and the parameters after one Adam step from them.
    ///
    /// The first Adam step moves a parameter by `lr·g/(|g| + ε)` (`ε = 1e-8`), whose
    /// derivative in `g` is `lr·ε/(|g| + ε)²`. With the loss gradients within `δ =
    /// λ·√n·u·2‖g‖∞ ≈ 1.6e-5` of PyTorch's (the bound above, `‖g‖∞ < 1`), a parameter whose
    /// reference gradient is at least `τ = 1e-4` is off by at most `lr·ε·δ/τ² + 2u·(|p| +
    /// lr) < 2.2e-7` (`|p| < 0.45`, PyTorch's `U(±1/√5)` init), i.e. `2.2e-4` relative to
    /// the floor `1e-3`; below `τ` the float32 gradient may round to the other sign, and
    /// only the step size `|p′ − p| ≤ lr` is checked (measured: 6.4e-7 relative at most
    /// over all parameters, no sign flips).
    @Test func matchesPyTorch() throws {
        let url = try #require(Bundle.module.url(forResource: "seq2seq_forecaster", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try Fixture(contentsOf: url)
        let network = Self.network(.lstm, features: 2, hidden: 5, layers: 2, steps: 3)
        let names = ["encoder", "decoder"].flatMap { part in
            (0..<2).flatMap { l in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map { "seq2seq.\(part).\($0)_l\(l)" } }
        } + ["seq2seq.head.weight", "seq2seq.head.bias"]
        #expect(network.store.entries.map(\.name) == names)
        for entry in network.store.entries { network.store.setValue(entry, fixture[entry.name]) }
        let depth = Self.depth(steps: 7, batch: 4, hidden: 5, layers: 2)
        let tape = Tape()
        let y = network.forward(fixture["x"], training: true, tape: tape)
        expectMatchesReference(y, fixture["y"], depth: depth, "output")
        network.store.zeroGradients()
        expectMatchesReference(tape.backward(fixture["dy"]), fixture["grad.x"], depth: depth, "dx")
        for entry in network.store.entries {
            expectMatchesReference(network.store.gradient(entry), fixture["grad.\(entry.name)"], depth: depth, "d\(entry.name)")
        }

        let batch = WindowBatch(inputs: fixture["x"], targets: fixture["t"])
        let task = SupervisedTask(network: network, sampleCount: 1, gather: { _ in batch }, validationCount: 0, gatherValidation: { _ in batch })
        network.store.zeroGradients()
        let loss = task.trainStep(indices: [0])
        expectMatchesReference(Tensor(shape: [1], scalars: [Float(loss)]), fixture["loss"], depth: depth, "loss")
        for entry in network.store.entries {
            expectMatchesReference(network.store.gradient(entry), fixture["grad_loss.\(entry.name)"], depth: depth, "loss d\(entry.name)")
        }
        let initial = network.store.entries.map { network.store.value($0) }
        Adam(learningRate: 1e-2).step(network.store)
        for (entry, before) in zip(network.store.entries, initial) {
            let gradient = fixture["grad_loss.\(entry.name)"].scalars, expected = fixture["final.\(entry.name)"]
            var actual = network.store.value(entry)
            for i in gradient.indices where abs(gradient[i]) < 1e-4 {
                #expect(abs(actual.scalars[i] - before.scalars[i]) <= 1e-2 * (1 + 1e-6), "final \(entry.name)[\(i)] moved more than lr")
                actual.scalars[i] = expected.scalars[i]
            }
            expectClose(actual, expected, tolerance: 2.2e-4, "final \(entry.name)")
        }
    }

    /// A series driven by an input whose future the target's history cannot tell:
    /// `y(t) = 0.7·y(t−1) + u(t)`, `u` a seeded ±1 sign held for 2 rows.
    static func drivenSeries(rows: Int) throws -> String {
        var rng = RandomGenerator(seed: 21)
        var lines = ["t,u,y"], y: Float = 0, u: Float = 1
        for t in 0..<rows {
            if t % 2 == 0 { u = rng.uniform() < 0.5 ? -1 : 1 }
            y = 0.7 * y + u
            lines.append("\(t),\(u),\(y)")
        }
        return try TestData.csv(lines.joined(separator: "\n") + "\n")
    }

    static func setup(_ decoder: DecoderKind, epochs: Int = 3) -> ForecastSetup {
        var setup = PipelineTests.setup(.gru, lags: 6, hidden: 8, epochs: epochs)
        (setup.target, setup.inputs, setup.timeColumn, setup.horizon, setup.decoder) = ("y", ["u"], "t", 4, decoder)
        return setup
    }

    /// Trains, saves, loads identically, and forecasts `H` steps at once from the future
    /// inputs: one network call on the context and the future rows' inputs, which the
    /// forecast follows (a changed future input changes it).
    @Test func trainsSavesLoadsAndForecastsFromFutureInputs() throws {
        let file = try Self.drivenSeries(rows: 120)
        let run = try ForecastPipeline.train(file: file, setup: Self.setup(.seq2seq), progress: nil)
        #expect(run.outcome.failure == nil && run.model.network.spec.decoder == .seq2seq)
        guard case .encoderDecoder(_, let context) = run.model.metadata.layout else { Issue.record("layout"); return }
        #expect(context == 6)
        #expect(run.report.test.byLeadTime?.count == 4)
        let url = try TestData.temporaryDirectory().appendingPathComponent("s.safetensors")
        try run.model.save(to: url)
        let model = try ForecastModel.load(from: url)
        #expect(model.network.store.values == run.model.network.store.values && model.metadata.layout == run.model.metadata.layout)

        // The last 4 rows have inputs only: the forecast's future.
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        for i in (lines.count - 4)..<lines.count { lines[i] = lines[i].split(separator: ",").prefix(2).joined(separator: ",") + "," }
        let future = try TestData.csv(lines.joined(separator: "\n") + "\n")
        let forecast = try model.forecast(file: future, horizon: nil)
        #expect(forecast.values.count == 4)
        let series = try model.load(file: future, allowFuture: true)
        var recording = try model.modelSpace(series)
        let n = recording.count
        recording.target += [Float](repeating: .nan, count: 4)
        recording.inputs[0] += model.metadata.preprocessing.transformInput(0, series.futureInputs[0])
        let direct = model.metadata.layout.predictions(model.predict(model.metadata.layout.inputs([(recording, n)])))[0]
        #expect(forecast.values == model.metadata.preprocessing.inverseTarget(direct, history: series.recording.target[...]))

        let lastInput = lines[lines.count - 1].split(separator: ",")
        lines[lines.count - 1] = "\(lastInput[0]),\(lastInput[1] == "1.0" ? "-1.0" : "1.0"),"
        let changed = try model.forecast(file: try TestData.csv(lines.joined(separator: "\n") + "\n"), horizon: nil)
        #expect(Array(changed.values.prefix(3)) == Array(forecast.values.prefix(3)), "step h reads no later input")
        #expect(changed.values[3] != forecast.values[3], "the last step reads its row's input")
    }

    /// Behaviour: where the future inputs drive the target, the decoder that reads them
    /// beats the head that cannot, at every lead past the first. Measured (GRU, 8 units,
    /// 10 epochs, 300 rows): mean RMSE over 4 leads 0.114 (seq2seq) vs 1.03 (mimo); the
    /// test asks for half, and for seq2seq to beat persistence at every lead.
    @Test func decoderReadingTheFutureInputsBeatsTheDirectHead() throws {
        let file = try Self.drivenSeries(rows: 300)
        func leads(_ decoder: DecoderKind) throws -> [LeadTimeScores] {
            var setup = Self.setup(decoder, epochs: 10)
            setup.training.seed = 1
            return try #require(try ForecastPipeline.train(file: file, setup: setup, progress: nil).report.test.byLeadTime)
        }
        let (seq2seq, mimo) = (try leads(.seq2seq), try leads(.mimo))
        let mean = { (l: [LeadTimeScores]) in LeadTimeScores.average(l, lead: 0).model.rmse }
        #expect(mean(seq2seq) < 0.5 * mean(mimo), "seq2seq \(mean(seq2seq)) vs mimo \(mean(mimo))")
        for entry in seq2seq { #expect(entry.model.rmse < entry.persistence.rmse, "lead \(entry.lead)") }
    }
}
