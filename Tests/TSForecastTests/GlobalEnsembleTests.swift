import Foundation
import Testing
import TSData
@testable import TSForecast
import TSSupport

/// Ensembles of global models: N networks trained on the windows of every series, member
/// `i` with seed `seed + i`, saved in one file; each series' forecasts and scores combine
/// the members'.
@Suite struct GlobalEnsembleTests {
    /// A quick global setup (the series of `GlobalModelTests`), `members` networks, one thread.
    static func setup(members: Int) -> ForecastSetup {
        var setup = GlobalModelTests.setup()
        setup.training.epochs = 4
        setup.training.seed = 3
        setup.training.threads = .single
        setup.ensemble = members
        return setup
    }

    /// Member `i` has the bits of a single global model trained with seed `3 + i` (one
    /// thread each, the same windows); the ensemble saves as one file and loads back with
    /// every member; each series' forecast is the mean of its members' forecasts, step by
    /// step (the documented `Float(Σ Double(vᵢ) / N)`, so equal exactly); the per-series
    /// scores report the members' spread, and evaluating the loaded file reproduces them.
    @Test func trainsSavesLoadsAndCombinesPerSeries() throws {
        let files = try GlobalModelTests.files()
        let run = try GlobalPipeline.train(files: files, setup: Self.setup(members: 3), progress: nil)
        #expect(run.model.members.count == 3 && run.outcome.failure == nil)
        #expect(run.model.metadata.training?.members?.map(\.seed) == [3, 4, 5])
        for i in 0..<2 {
            var single = Self.setup(members: 1)
            single.training.seed = 3 + UInt64(i)
            let alone = try GlobalPipeline.train(files: files, setup: single, progress: nil)
            #expect(alone.model.network.store.values == run.model.members[i].store.values, "member \(i)")
        }
        #expect(run.model.members[0].store.values != run.model.members[1].store.values)

        let url = try TestData.temporaryDirectory().appendingPathComponent("global-ensemble.safetensors")
        try run.model.save(to: url)
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.members.count == 3 && loaded.metadata.version == ModelMetadata.ensembleVersion)
        #expect(loaded.members.map(\.store.values) == run.model.members.map(\.store.values))
        #expect(loaded.metadata.global == run.model.metadata.global)

        let long = Array(files.dropLast())
        for file in long {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let view = try loaded.member(named: name, file: file)
            #expect(view.members.count == 3)
            let forecast = try view.forecast(file: file, horizon: 4).values
            let alone = try (0..<3).map { try view.ensembleMember($0).forecast(file: file, horizon: 4).values }
            #expect(forecast == (0..<4).map { h in EnsembleCombine.mean.combine(alone.map { $0[h] }) }, "\(name)")
            #expect(alone[0] != alone[1])
        }
        let table = try loaded.forecastGlobal(files: long, horizon: 4)
        #expect(table.split(separator: "\n").count == 1 + 6 * 4)

        let evaluation = try loaded.evaluateGlobal(files: long, mode: .oneStep)
        for (a, b) in zip(evaluation.series, run.evaluation.series) {
            let spread = try #require(a.members)
            #expect(spread.members == 3 && spread.seeds == [3, 4, 5])
            #expect(b.members?.members == 3)
            // Same weights and data; the training path predicts from series put in model
            // space in place, the loaded path transforms again: equal up to rounding.
            #expect(abs(a.metrics.rmse - b.metrics.rmse) <= 1e-5 * b.metrics.rmse, "\(a.name): \(a.metrics.rmse) vs \(b.metrics.rmse)")
        }
    }
}
