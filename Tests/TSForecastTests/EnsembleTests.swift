import Foundation
import Testing
import TSData
@testable import TSForecast
import TSSafetensors
import TSTensor
import TSTraining

/// Ensembles (`ForecastSetup.ensemble`): the file holds every member, member `i` is the
/// single model of seed `seed + i`, and forecasts combine the members' as documented.
@Suite struct EnsembleTests {
    static let nile = TestData.bundled("nile.csv")

    /// A small, quick setup on the Nile series; `threads` total threads.
    static func setup(members: Int, loss: LossKind = .mse, combine: EnsembleCombine = .mean, threads: Int = 1) -> ForecastSetup {
        var setup = PipelineTests.setup(.gru, lags: 5, hidden: 6, epochs: 3)
        setup.ensemble = members
        setup.ensembleCombine = combine
        setup.loss = loss
        setup.training.seed = 5
        setup.training.threads = try! ComputeThreads(count: threads)
        return setup
    }

    static func values(_ model: ForecastModel) -> [[Float]] { model.members.map(\.store.values) }

    /// An ensemble saves as one checksummed safetensors file with every member's tensors
    /// under `members.<i>.`, and loads back with the same weights, forecasts and metadata;
    /// a single model still saves without prefixes as metadata version 1.
    @Test func saveAndLoadRoundTrip() throws {
        let run = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 3, loss: .gaussian), progress: nil)
        let url = try TestData.temporaryDirectory().appendingPathComponent("e.safetensors")
        try run.model.save(to: url)
        let file = try SafetensorsFile.read(from: url)
        let single = run.model.network.store.stateDict()
        #expect(file.tensors.count == 3 * single.count)
        for i in 0..<3 { for name in single.keys { #expect(file.tensors["members.\(i).\(name)"] != nil) } }
        let loaded = try ForecastModel.load(from: url)
        #expect(loaded.checksum != nil)
        #expect(loaded.members.count == 3 && loaded.metadata.version == ModelMetadata.ensembleVersion)
        #expect(Self.values(loaded) == Self.values(run.model))
        #expect(Self.values(loaded)[0] != Self.values(loaded)[1])
        #expect(loaded.metadata.training?.members?.map(\.seed) == [5, 6, 7])
        let before = try run.model.forecast(file: Self.nile, horizon: 5)
        let after = try loaded.forecast(file: Self.nile, horizon: 5)
        #expect(before.values == after.values && before.lower == after.lower && before.upper == after.upper)

        let one = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 1), progress: nil)
        try one.model.save(to: url)
        let plain = try SafetensorsFile.read(from: url)
        #expect(Set(plain.tensors.keys) == Set(one.model.network.store.stateDict().keys))
        #expect(try ForecastModel.load(from: url).metadata.version == 1)
    }

    /// A file whose tensors do not split into the members it declares is refused by name.
    @Test func strayTensorsAreRefused() throws {
        let run = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 2), progress: nil)
        let url = try TestData.temporaryDirectory().appendingPathComponent("e.safetensors")
        try run.model.save(to: url)
        var file = try SafetensorsFile.read(from: url)
        let name = file.tensors.keys.first { $0.hasPrefix("members.1.") }!
        file.tensors["members.9." + name.dropFirst("members.1.".count)] = file.tensors.removeValue(forKey: name)
        try file.write(to: url, checksum: true)
        #expect(throws: ModelFileError.self) { try ForecastModel.load(from: url) }
    }

    /// Member `i` has the same bits as a single model trained with seed `seed + i` at the
    /// member's thread count (one thread here), and its record in the training report is
    /// that run's.
    @Test func membersAreSeededSingleModels() throws {
        let ensemble = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 3), progress: nil)
        for i in 0..<3 {
            var single = Self.setup(members: 1)
            single.training.seed = 5 + UInt64(i)
            let run = try ForecastPipeline.train(file: Self.nile, setup: single, progress: nil)
            #expect(run.model.network.store.values == ensemble.model.members[i].store.values, "member \(i)")
            let record = try #require(ensemble.report.members?[i])
            #expect(record.seed == single.training.seed && record.epochsRun == run.outcome.history.count && record.bestEpoch == run.outcome.bestEpoch)
            #expect(record.bestValidationLoss == run.outcome.history[run.outcome.bestEpoch - 1].validationLoss)
        }
    }

    /// Concurrency does not change any member: 1 thread (members one after the other) and
    /// 2 threads (two at once) both give every member one thread, so the weights agree bit
    /// for bit. (A member's result depends on its seed and its own thread count only; with
    /// one thread no work is split, so no rounding can differ: see `ThreadCountTests`.)
    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two members at once"))
    func concurrentMembersEqualSequentialOnes() throws {
        let concurrent = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 3, threads: 2), progress: nil)
        let sequential = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 3, threads: 1), progress: nil)
        #expect(EnsembleTraining(setup: Self.setup(members: 3, threads: 2)).memberThreads.count == 1)
        #expect(Self.values(concurrent.model) == Self.values(sequential.model))
        #expect(concurrent.report.test.rmse == sequential.report.test.rmse)
    }

    /// `progress` returning `false` stops every member after its current epoch (members
    /// not yet started after their first), keeping each one's best weights.
    @Test func stoppingStopsEveryMember() throws {
        var setup = Self.setup(members: 3)
        setup.training.epochs = 5
        var calls = 0
        let run = try ForecastPipeline.train(file: Self.nile, setup: setup, progress: { _ in
            calls += 1
            return false
        })
        #expect(run.report.members?.map(\.epochsRun) == [1, 1, 1])
        #expect(calls == 1)
    }

    /// The threads per member: `max(1, T / min(N, T))`.
    @Test func memberThreadCounts() throws {
        func threads(_ n: Int, _ t: Int) -> Int { EnsembleTraining(setup: Self.setup(members: n, threads: t)).memberThreads.count }
        #expect(threads(5, 1) == 1 && threads(5, 2) == 1 && threads(2, 4) == 2 && threads(2, 5) == 2 && threads(3, 8) == 2)
    }

    /// The one-step predictions and the free-run forecast of an ensemble are the mean
    /// (median) of its members' computed one by one (`ensembleMember`). The expected values
    /// are computed here as `Float(Σ Double(vᵢ) / N)` and the middle of the sorted values,
    /// the combination the rule documents, so they agree exactly.
    /// The same holds for stateful members (`--stateful`), each warmed up over the history
    /// on its own.
    @Test(arguments: [EnsembleCombine.mean, .median], [false, true])
    func forecastsCombineTheMembers(combine: EnsembleCombine, stateful: Bool) throws {
        var setup = Self.setup(members: 3, combine: combine)
        if stateful { (setup.subsequence, setup.stateful) = (8, true) }
        let run = try ForecastPipeline.train(file: Self.nile, setup: setup, progress: nil)
        let model = run.model
        func expected(_ values: [Float]) -> Float {
            combine == .mean ? Float(values.reduce(0.0) { $0 + Double($1) } / Double(values.count)) : values.sorted()[values.count / 2]
        }
        let members = (0..<3).map { model.ensembleMember($0) }
        let forecast = try model.forecast(file: Self.nile, horizon: 6)
        let alone = try members.map { try $0.forecast(file: Self.nile, horizon: 6).values }
        #expect(forecast.values == (0..<6).map { h in expected(alone.map { $0[h] }) })
        #expect(alone[0] != alone[1])
        let report = try model.evaluate(file: Self.nile, mode: .oneStep, all: false)
        let reports = try members.map { try $0.evaluate(file: Self.nile, mode: .oneStep, all: false) }
        #expect(report.predictions.predicted == report.predictions.rows.indices.map { i in expected(reports.map { $0.predictions.predicted[i] }) })
        let spread = try #require(report.members)
        let rmses = reports.map(\.metrics.rmse).sorted()
        #expect(spread.members == 3 && spread.seeds == [5, 6, 7] && spread.combine == combine)
        #expect(spread.rmse == MemberSpread.Range(rmses) && spread.rmse.min == rmses[0] && spread.rmse.median == rmses[1] && spread.rmse.max == rmses[2])
    }

    /// A quantile ensemble's quantiles are the level-by-level mean of its members' (then
    /// sorted), one step ahead and in the free run; the point is the mean of the members'.
    @Test func quantilesAreVincentized() throws {
        let model = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 2, loss: .quantile), progress: nil).model
        let members = (0..<2).map { model.ensembleMember($0) }
        func mean(_ a: Float, _ b: Float) -> Float { Float((Double(a) + Double(b)) / 2) }
        let report = try model.evaluate(file: Self.nile, mode: .oneStep, all: false)
        let alone = try members.map { try $0.evaluate(file: Self.nile, mode: .oneStep, all: false).predictions }
        let q = try #require(report.predictions.quantiles)
        for i in report.predictions.rows.indices {
            let levels = (0..<3).map { j in mean(alone[0].quantiles![j][i], alone[1].quantiles![j][i]) }.sorted()
            #expect((0..<3).map { q[$0][i] } == levels, "row \(i)")
            #expect(report.predictions.predicted[i] == mean(alone[0].predicted[i], alone[1].predicted[i]))
        }
        let forecast = try model.forecast(file: Self.nile, horizon: 4)
        let runs = try members.map { try $0.forecast(file: Self.nile, horizon: 4) }
        for h in 0..<4 {
            let levels = (0..<3).map { j in mean(runs[0].quantiles![j][h], runs[1].quantiles![j][h]) }.sorted()
            #expect((0..<3).map { forecast.quantiles![$0][h] } == levels, "step \(h)")
        }
    }

    /// A Gaussian ensemble's one-step bounds are the 2.5% and 97.5% quantiles of the
    /// mixture of its members' normals. Each member's normal is read back from its own
    /// bounds (z-scored data: original units are affine in model space, so
    /// `μ = (l + u)/2`, `σ = (u − l)/(2z)`), and the mixture CDF at the ensemble's bounds
    /// must be 0.025 and 0.975. Tolerance 1e-4: the bounds are Float (relative rounding
    /// ~6e-8 of values near 1000, times a density below 1/σ with σ ≳ 50) and μ, σ read
    /// back from Float bounds carry the same rounding; 1e-4 leaves a wide margin.
    @Test func gaussianBoundsPoolTheMembers() throws {
        let model = try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 3, loss: .gaussian), progress: nil).model
        let report = try model.evaluate(file: Self.nile, mode: .oneStep, all: false)
        let alone = try (0..<3).map { try model.ensembleMember($0).evaluate(file: Self.nile, mode: .oneStep, all: false).predictions }
        let z = 1.959964
        for i in report.predictions.rows.indices {
            let normals = alone.map { p in ((Double(p.lower![i]) + Double(p.upper![i])) / 2, (Double(p.upper![i]) - Double(p.lower![i])) / (2 * z)) }
            func cdf(_ x: Double) -> Double { normals.reduce(0.0) { $0 + 0.5 * erfc(-(x - $1.0) / ($1.1 * 2.0.squareRoot())) } / 3 }
            #expect(abs(cdf(Double(report.predictions.lower![i])) - 0.025) < 1e-4, "row \(i)")
            #expect(abs(cdf(Double(report.predictions.upper![i])) - 0.975) < 1e-4, "row \(i)")
        }
        // The free run pools the members' simulated paths (member i's seeded `seed + i`):
        // each bound is an order statistic of the pooled paths, so it lies within the hull
        // of the members' own bounds from those same paths (with 200 paths each, a
        // member's 2.5% bound is its 5th smallest value; at least 15 of the 600 pooled
        // values lie at or below the largest member bound, at most 12 below the smallest).
        let loaded = try model.load(file: Self.nile, allowFuture: true)
        var recording = try model.modelSpace(loaded)
        let n = recording.count
        recording.target += Array(repeating: .nan, count: 4)
        let pooled = model.rollOut(recording, start: n, steps: 3, originalHistory: loaded.recording.target[...], seed: 9)
        let runs = (0..<3).map {
            model.ensembleMember($0).rollOut(recording, start: n, steps: 3, originalHistory: loaded.recording.target[...], seed: 9 + UInt64($0))
        }
        #expect(pooled.values == (0..<3).map { h in Float(runs.reduce(0.0) { $0 + Double($1.values[h]) } / 3) })
        for h in 0..<3 {
            let lowers = runs.map { $0.lower![h] }, uppers = runs.map { $0.upper![h] }
            #expect(pooled.lower![h] >= lowers.min()! && pooled.lower![h] <= lowers.max()!, "step \(h)")
            #expect(pooled.upper![h] >= uppers.min()! && pooled.upper![h] <= uppers.max()!, "step \(h)")
        }
    }

    /// The point of ensembling: on yearly sunspots (`PipelineTests.setup`: 16 units, 40
    /// epochs, lr 0.01, seed 1) an ensemble of 5 scores a lower test RMSE than its median
    /// member alone. Measured (AVX-512 path, 2 threads): LSTM 15.21 vs median member 15.53
    /// (ratio 0.979), NARX 17.15 vs 17.60 (0.975); at seeds 11 and 21 the ratios were
    /// 0.999 and 0.987 (LSTM), 0.968 and 0.972 (NARX). The assertion is the claim itself
    /// (ratio < 1), about 2% above the measured ratios at seed 1, so another kernel path's
    /// rounding cannot flip it.
    @Test(arguments: [ModelKind.lstm, .narx])
    func ensembleOfFiveBeatsItsMedianMemberOnSunspots(model: ModelKind) throws {
        var setup = PipelineTests.setup(model, hidden: 16)
        setup.ensemble = 5
        setup.training.threads = try ComputeThreads(count: 2)
        let run = try ForecastPipeline.train(file: TestData.bundled("sunspots_yearly.csv"), setup: setup, progress: nil)
        let spread = try #require(run.report.memberTest)
        #expect(spread.members == 5 && run.report.members?.count == 5)
        #expect(run.report.test.rmse < spread.rmse.median, "ensemble \(run.report.test.rmse), members \(spread.rmse)")
    }

    /// The mixture bounds of one member are `μ ± zσ` exactly; of identical members, the
    /// same within the bisection's rounding (a few ulps of the bound).
    @Test func mixtureBoundsOfOneAndOfIdenticalMembers() {
        let z: Float = 1.959964
        #expect(EnsembleIntervals.mixtureBounds(means: [3], stds: [2], z: z) == [3 - z * 2, 3 + z * 2])
        let pooled = EnsembleIntervals.mixtureBounds(means: [3, 3, 3], stds: [2, 2, 2], z: z)
        #expect(abs(pooled[0] - (3 - z * 2)) < 1e-5 && abs(pooled[1] - (3 + z * 2)) < 1e-5)
    }

    /// Combining: the mean rounds once; the median of an even count is the mean of the two
    /// middle values; level-by-level combination is sorted.
    @Test func combineRules() {
        #expect(EnsembleCombine.mean.combine([1, 2, 4]) == Float(7.0 / 3.0))
        #expect(EnsembleCombine.median.combine([5, 1, 3]) == 3)
        #expect(EnsembleCombine.median.combine([4, 1, 3, 10]) == 3.5)
        #expect(EnsembleCombine.mean.combine([2.5]) == 2.5)
        #expect(EnsembleCombine.mean.combineSorted([[1, 5], [3, -1]]) == [2, 2])
        #expect(EnsembleCombine.median.combineSorted([[0, 9], [10, 1], [20, 2]]) == [2, 10])
    }

    /// `ensemble` below 1 and an ensemble with checkpoints are setup errors naming
    /// `ensemble` (ensembles of global models train: `GlobalEnsembleTests`).
    @Test func unsupportedCombinationsAreSetupErrors() throws {
        #expect(throws: SetupError(.ensemble, "\(.ensemble) must be at least 1, got 0")) {
            try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 0), progress: nil)
        }
        let plan = CheckpointPlan(checkpointing: nil, resume: nil)
        #expect(throws: SetupError.self) {
            try ForecastPipeline.train(file: Self.nile, setup: Self.setup(members: 2), progress: nil, checkpoints: plan)
        }
    }
}
