import Foundation
import Testing
import TSGenerative
import TSTensor
import TSTraining

/// The array front door of the generative models: fit on a series or on windows, then
/// score anomalies, reconstruct, embed, sample, save and load; typed errors for bad input.
@Suite struct GenerativeFitTests {
    /// A sine of period 16 around 10 (amplitude 2), `count` values.
    static func sine(_ count: Int) -> [Double] { (0..<count).map { 10 + 2 * sin(Double($0) * 2 * .pi / 16) } }

    static func training(epochs: Int) -> TrainingConfig {
        var config = TrainingConfig()
        (config.epochs, config.batchSize, config.learningRate, config.seed) = (epochs, 16, 1e-2, 7)
        return config
    }

    /// An autoencoder fitted on a clean sine scores a spike added to it the highest of
    /// all rows (the spike is 5 amplitudes off the curve; every window covering it
    /// reconstructs it badly, while its neighbours have windows without it). The codes
    /// and reconstructions have the model's shapes, and a reloaded model reconstructs
    /// exactly as the saved one (same Float32 weights, same arithmetic).
    @Test func autoencoderScoresASpikeHighest() throws {
        let (model, outcome) = try GenerativeSeriesModel.fit(series: Self.sine(256), kind: .ae, window: 8, hidden: [16], latent: 3, training: Self.training(epochs: 40))
        #expect(outcome.history.count == 40 && outcome.failure == nil)
        var test = Self.sine(64)
        test[30] += 10
        let scores = try model.anomalyScores(test)
        #expect(scores.count == 64)
        #expect(scores.indices.max { scores[$0] < scores[$1] } == 30)
        let windows = (0..<5).map { Array(test[$0..<($0 + 8)]) }
        #expect(try model.embed(windows).map(\.count) == Array(repeating: 3, count: 5))
        let reconstruction = try model.reconstruct(windows)
        #expect(reconstruction.map(\.count) == Array(repeating: 8, count: 5))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("generative-fit-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try GenerativeSeriesModel.load(from: path)
        #expect(loaded.spec == model.spec)
        #expect(try loaded.reconstruct(windows) == reconstruction)
        #expect(throws: SampleInputError.invalidSetting("a ae model has no sampling")) { try model.sample(count: 2, seed: 1) }
    }

    /// A VAE and a GAN fitted on windows sample windows of the right shape, finite, and in
    /// original units (their mean within the data's range 8…12 widened by a half: a
    /// sample left in scaled units would sit near 0).
    @Test func vaeAndGanSampleInOriginalUnits() throws {
        let series = Self.sine(128)
        let windows = (0...(series.count - 8)).map { Array(series[$0..<($0 + 8)]) }
        for kind in [GenerativeSpec.Kind.vae, .gan] {
            let (model, _) = try GenerativeSeriesModel.fit(windows: windows, kind: kind, hidden: [16], latent: 2, training: Self.training(epochs: 5))
            let samples = try model.sample(count: 20, seed: 3)
            #expect(samples.count == 20 && samples.allSatisfy { $0.count == 8 && $0.allSatisfy(\.isFinite) })
            let mean = samples.joined().reduce(0, +) / 160
            #expect(mean > 6 && mean < 14, "\(kind) sample mean \(mean)")
        }
    }

    /// NaN, short series, small windows, ragged windows and cvae are typed errors.
    @Test func badInputIsATypedError() {
        func error(_ body: () throws(SampleInputError) -> Void) -> SampleInputError? {
            do { try body(); return nil } catch { return error }
        }
        let config = Self.training(epochs: 1)
        #expect(error { () throws(SampleInputError) in _ = try GenerativeSeriesModel.fit(series: [1, 2, .nan, 4], kind: .ae, window: 2, training: config) } == .notFinite(row: 0, column: 2))
        #expect(error { () throws(SampleInputError) in _ = try GenerativeSeriesModel.fit(series: [1, 2, 3], kind: .ae, window: 4, training: config) } == .noSamples)
        #expect(error { () throws(SampleInputError) in _ = try GenerativeSeriesModel.fit(series: [1, 2, 3], kind: .ae, window: 1, training: config) } == .invalidSetting("the window must be at least 2, got 1"))
        #expect(error { () throws(SampleInputError) in _ = try GenerativeSeriesModel.fit(windows: [[1, 2], [3]], kind: .vae, training: config) } == .rowLength(row: 1, length: 1, expected: 2))
        #expect(error { () throws(SampleInputError) in _ = try GenerativeSeriesModel.fit(windows: [[1, 2], [3, 4]], kind: .cvae, training: config) } == .invalidSetting("a cvae needs covariates; fit ae, vae, gan or wgan from arrays"))
    }
}
