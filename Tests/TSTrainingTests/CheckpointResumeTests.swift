import Foundation
import Testing
import TSNN
import TSTensor
import TSTraining

/// Resuming from a checkpoint gives the run an uninterrupted one would have: same weights,
/// buffers, history, best epoch and early stop, bit for bit, with the plateau schedule
/// and early stopping active on both sides of the cut.
@Suite struct CheckpointResumeTests {
    /// Linear regression `ŷ = w·x + b` on 48 training samples whose validation samples
    /// follow other weights, so validation stalls: the plateau schedule lowers the rate
    /// and early stopping ends the run. A buffer counts the batches (a stand-in for batch
    /// norm's running statistics); a generator drops each sample's loss with probability
    /// 0.1 (a stand-in for dropout masks), so the run depends on the generator's state.
    final class RegressionTask: TrainingTask {
        let store = ParameterStore()
        let sampleCount = 48
        let w: ParameterEntry, b: ParameterEntry, batches: ParameterEntry
        let x: [[Float]], y: [Float], validationX: [[Float]], validationY: [Float]
        var dropout = RandomGenerator(seed: 11)
        var randomGenerators: [RandomGenerator] {
            get { [dropout] }
            set { dropout = newValue[0] }
        }

        init() {
            var rng = RandomGenerator(seed: 7)
            w = store.add("w", value: rng.uniformTensor(shape: [3], low: -0.5, high: 0.5))
            b = store.add("b", value: Tensor(shape: [1]))
            batches = store.addBuffer("batches", value: Tensor(shape: [1]))
            func samples(_ n: Int, weights: [Float]) -> ([[Float]], [Float]) {
                let x = (0..<n).map { _ in (0..<3).map { _ in rng.uniform(-1, 1) } }
                return (x, x.map { zip($0, weights).map(*).reduce(0.3, +) + 0.05 * rng.normal() })
            }
            (x, y) = samples(sampleCount, weights: [1, -2, 0.5])
            (validationX, validationY) = samples(16, weights: [0.8, -1.6, 0.7])
        }

        private func predict(_ row: [Float]) -> Float {
            zip(row, store.values[w.range]).map(*).reduce(store.values[b.offset], +)
        }

        func trainStep(indices: [Int]) -> Double {
            store.bufferValues[batches.offset] += 1
            var loss = 0.0
            let scale = 2 / Float(indices.count)
            for i in indices where dropout.uniform() >= 0.1 {
                let error = predict(x[i]) - y[i]
                loss += Double(error * error)
                for j in 0..<3 { store.gradients[w.offset + j] += scale * error * x[i][j] }
                store.gradients[b.offset] += scale * error
            }
            return loss / Double(indices.count)
        }

        func validationLoss() -> Double? {
            zip(validationX, validationY).map { Double((predict($0) - $1) * (predict($0) - $1)) }.reduce(0, +) / 16
        }
    }

    static var config: TrainingConfig {
        var config = TrainingConfig()
        config.epochs = 100
        config.batchSize = 10
        config.learningRate = 0.01
        config.patience = 12
        config.plateauPatience = 2
        config.seed = 3
        return config
    }

    static func directory(_ name: String) -> URL {
        let url = URL(fileURLWithPath: "/tmp/tsforecast-checkpoint-tests-\(getpid())-\(name)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Trains for `epochs` epochs with a checkpoint at the end of them, then stops; returns
    /// the checkpoint file.
    static func checkpoint(after epochs: Int, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("checkpoint.safetensors")
        var trainer = Trainer(config: config)
        var error: Error?
        trainer.checkpointing = Checkpointing(interval: .epochs(epochs), setup: "regression") { checkpoint in
            do { try checkpoint.write(to: url) } catch let e { error = e }
            return false  // stop as a killed run would
        }
        let stopped = trainer.fit(RegressionTask())
        #expect(stopped.history.count == epochs)
        if let error { throw error }
        return url
    }

    /// Cuts: after the first epoch; mid-descent; after the best epoch (33) and before the
    /// first rate reduction (37); between reductions (plateau state mid-count). The
    /// uninterrupted run stops early after 45 epochs.
    @Test(arguments: [1, 20, 35, 38])
    func resumedRunEqualsUninterruptedRun(cut: Int) throws {
        let straight = RegressionTask()
        let expected = Trainer(config: Self.config).fit(straight)
        // The run must exercise what the checkpoint carries: rate reductions and the early
        // stop after the cut, Adam state throughout.
        let rates = expected.history.map(\.learningRate)
        #expect(expected.stoppedEarly && expected.history.count > 38 && expected.bestEpoch > 1)
        #expect(Set(rates[cut...]).count > 1, "the plateau schedule lowers the rate after epoch \(cut)")

        let url = try Self.checkpoint(after: cut, in: Self.directory("cut\(cut)"))
        let checkpoint = try TrainingCheckpoint.read(from: url)
        #expect(checkpoint.epoch == cut && checkpoint.history == Array(expected.history.prefix(cut)))
        #expect(checkpoint.optimizer.stepCount == cut * 5, "48 samples in batches of 10: 5 Adam steps per epoch")

        let resumed = RegressionTask()
        let outcome = try Trainer(config: Self.config).fit(resumed, resumingFrom: checkpoint, file: url.path)
        #expect(resumed.store.values.map(\.bitPattern) == straight.store.values.map(\.bitPattern))
        #expect(resumed.store.bufferValues == straight.store.bufferValues)
        #expect(outcome.history == expected.history)
        #expect(outcome.bestEpoch == expected.bestEpoch && outcome.bestLoss == expected.bestLoss)
        #expect(outcome.stoppedEarly == expected.stoppedEarly)
    }

    @Test func checkpointWithOtherSettingsIsAMismatch() throws {
        let url = try Self.checkpoint(after: 3, in: Self.directory("mismatch"))
        var config = Self.config
        config.seed = 4
        #expect {
            _ = try Trainer(config: config).fit(RegressionTask(), resumingFrom: try TrainingCheckpoint.read(from: url), file: url.path)
        } throws: { error in
            (error as? CheckpointError) == .mismatch(path: url.path, what: "training settings (seed: checkpoint 3, now 4)")
        }
    }

    @Test func corruptOrMissingCheckpointIsInvalid() throws {
        let url = try Self.checkpoint(after: 3, in: Self.directory("corrupt"))
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 5] ^= 0x10  // a bit of the last tensor's data
        try bytes.write(to: url)
        for (file, reason) in [(url, "tensor data does not match its checksum"), (url.appendingPathExtension("none"), "no such file")] {
            #expect {
                _ = try TrainingCheckpoint.read(from: file)
            } throws: { error in
                guard case .invalid(let path, let text) = error as? CheckpointError else { return false }
                return path == file.path && text.hasPrefix(reason)
            }
        }
    }

    /// A time interval saves at the end of the first epoch that long after the last save:
    /// an hour never passes in this run, a microsecond always does (after every epoch but
    /// the last, which needs no checkpoint). Checkpoints never change the result.
    @Test func secondsIntervalSavesWhenDue() {
        let expected = Trainer(config: Self.config).fit(RegressionTask())
        for (seconds, count) in [(3600.0, 0), (1e-6, expected.history.count - 1)] {
            var epochs: [Int] = []
            var trainer = Trainer(config: Self.config)
            trainer.checkpointing = Checkpointing(interval: .seconds(seconds), setup: "") { epochs.append($0.epoch); return true }
            let outcome = trainer.fit(RegressionTask())
            #expect(epochs == Array(1..<(count + 1)))
            #expect(outcome.history == expected.history)
        }
    }
}
