import Foundation
import Testing
@testable import TSForecast
import TSData
import TSTensor

/// Recurrent models with `horizon = H > 1`: a head emitting `y(k … k+H−1)` at the last
/// step of the window (direct multi-horizon, MIMO).
@Suite struct RecurrentHorizonTests {
    static func setup(_ model: ModelKind, horizon: Int) -> ForecastSetup {
        var setup = PipelineTests.setup(model, lags: 6, hidden: 8, epochs: 3)
        setup.horizon = horizon
        return setup
    }

    /// Each family trains with an `H`-wide head, saves, loads back identically, and its
    /// `H`-step forecast is one network call on the window ending at the last row.
    @Test(arguments: [ModelKind.lstm, .gru, .rnn])
    func trainsSavesLoadsAndForecastsHStepsAtOnce(model: ModelKind) throws {
        let file = TestData.bundled("nile.csv")
        let run = try ForecastPipeline.train(file: file, setup: Self.setup(model, horizon: 4), progress: nil)
        #expect(run.outcome.failure == nil)
        #expect(run.model.network.spec.outputSize == 4 && run.model.metadata.layout.outputCount == 4)
        #expect(run.report.test.count > 0 && run.report.test.rmse.isFinite)
        let url = try TestData.temporaryDirectory().appendingPathComponent("m.safetensors")
        try run.model.save(to: url)
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.network.store.values == run.model.network.store.values)
        #expect(loaded.metadata.layout == run.model.metadata.layout)

        let forecast = try loaded.forecast(file: file, horizon: nil)
        #expect(forecast.values.count == 4)
        #expect(forecast.values == (try run.model.forecast(file: file, horizon: nil)).values)
        let series = try loaded.load(file: file, allowFuture: true)
        var recording = try loaded.modelSpace(series)
        let n = recording.count
        recording.target += [Float](repeating: .nan, count: 4)
        let direct = loaded.metadata.layout.predictions(loaded.predict(loaded.metadata.layout.inputs([(recording, n)])))[0]
        #expect(forecast.values == loaded.metadata.preprocessing.inverseTarget(direct, history: series.recording.target[...]))
        // A longer forecast continues in blocks of H: its first block is the same call.
        let longer = try loaded.forecast(file: file, horizon: 10)
        #expect(longer.values.count == 10 && Array(longer.values.prefix(4)) == forecast.values)
    }

    /// Gaussian (one log-variance per lead) and quantile (`H·Q` outputs) heads.
    @Test(arguments: [LossKind.gaussian, .quantile])
    func probabilisticHeadsHaveOneBlockPerLead(loss: LossKind) throws {
        var setup = Self.setup(.gru, horizon: 3)
        setup.loss = loss
        if loss == .quantile { setup.quantiles = [0.1, 0.5, 0.9] }
        let run = try ForecastPipeline.train(file: TestData.bundled("nile.csv"), setup: setup, progress: nil)
        #expect(run.model.network.spec.headSize == (loss == .quantile ? 9 : 3))
        #expect(run.model.network.noiseStd?.count == (loss == .gaussian ? 3 : nil))
        let forecast = try run.model.forecast(file: TestData.bundled("nile.csv"), horizon: nil)
        #expect(forecast.values.count == 3)
        #expect((forecast.lower ?? forecast.quantiles?.first)?.count == 3)
    }

    /// A direct Gaussian model simulates each lead with that lead's learned noise: with
    /// σ = 0.1, 0.1, 10 (scaled units) the lead-3 interval is about 100 times as wide as
    /// the lead-1 one (within one block nothing is fed back); 20 leaves room for the
    /// 200-path quantiles' sampling error.
    @Test func gaussianIntervalsUseEachLeadsNoise() throws {
        var setup = Self.setup(.gru, horizon: 3)
        setup.loss = .gaussian
        let file = TestData.bundled("nile.csv")
        let model = try ForecastPipeline.train(file: file, setup: setup, progress: nil).model
        let store = model.network.store
        let noise = try #require(store.entries.first { $0.name == "noise.log_variance" })
        store.setValue(noise, Tensor(shape: [3], scalars: [Float(log(0.01)), Float(log(0.01)), Float(log(100.0))]))
        let forecast = try model.forecast(file: file, horizon: 3)
        let widths = zip(try #require(forecast.upper), try #require(forecast.lower)).map { $0 - $1 }
        #expect(widths[2] > 20 * widths[0], "interval widths \(widths)")
        #expect(widths[1] < 2 * widths[0], "interval widths \(widths)")
    }
}
