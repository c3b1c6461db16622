import Foundation
import Testing
import TSGenerative
import TSNN
import TSTensor
import TSTraining

/// A VAE's training (reparameterisation noise drawn from the task's `rng` every batch)
/// resumed from a checkpoint ends with the weights and history of the uninterrupted run.
@Suite struct ReconstructionResumeTests {
    static func task() -> ReconstructionTask {
        var rng = RandomGenerator(seed: 5)
        let data = BehaviourData.ring(count: 120, rng: &rng)
        let vae = VariationalAutoencoder(inputSize: 2, hidden: [8], latentSize: 2, rng: &rng)
        return ReconstructionTask(model: .variational(vae), data: data, seed: 6)
    }

    static var config: TrainingConfig {
        var config = TrainingConfig()
        config.epochs = 8
        config.batchSize = 32
        config.patience = 0
        return config
    }

    @Test func resumedVAETrainingEqualsUninterrupted() throws {
        let straight = Self.task()
        let expected = Trainer(config: Self.config).fit(straight)

        var saved: TrainingCheckpoint?
        var trainer = Trainer(config: Self.config)
        trainer.checkpointing = Checkpointing(interval: .epochs(4), setup: "vae") { checkpoint in
            saved = checkpoint
            return false
        }
        _ = trainer.fit(Self.task())
        let checkpoint = try #require(saved)
        #expect(checkpoint.epoch == 4 && checkpoint.generators.count == 1)

        let resumed = Self.task()
        let outcome = try Trainer(config: Self.config).fit(resumed, resumingFrom: checkpoint, file: "vae")
        #expect(resumed.store.values.map(\.bitPattern) == straight.store.values.map(\.bitPattern))
        #expect(outcome.history == expected.history)
    }
}
