import Testing
import TSGenerative
import TSNN
import TSTensor

/// `AdversarialTask`'s alternation: each optimizer moves only its own network, the
/// generator steps once per `criticSteps` batches, nothing stays frozen, and the WGAN
/// critic is clipped after its steps.
@Suite struct AdversarialTaskTests {
    static func values(_ store: ParameterStore, _ module: any Module) -> [Float] {
        module.parameters().flatMap { Array(store.values[$0.range]) }
    }

    @Test func criticStepsAlternateWithGeneratorStepsAndClip() {
        var rng = RandomGenerator(seed: 12)
        let gan = GenerativeAdversarialNetwork(
            noiseSize: 2, dataSize: 3, generatorHidden: [4], discriminatorHidden: [5], objective: .wasserstein(clip: 0.05), rng: &rng)
        let task = AdversarialTask(
            gan: gan, data: rng.normalTensor(shape: [8, 3]), discriminatorOptimizer: RMSProp(learningRate: 1e-2),
            generatorOptimizer: RMSProp(learningRate: 1e-2), criticSteps: 2, seed: 3)
        let (g0, d0) = (Self.values(gan.store, gan.generator), Self.values(gan.store, gan.discriminator))

        let first = task.trainStep(indices: [0, 1, 2, 3])
        let (g1, d1) = (Self.values(gan.store, gan.generator), Self.values(gan.store, gan.discriminator))
        #expect(g1 == g0, "no generator step after the first critic step")
        #expect(d1 != d0 && d1.allSatisfy { abs($0) <= 0.05 }, "the critic moved and is clipped to ±0.05")
        #expect(first["generator"] == 0 && first["discriminator"]?.isFinite == true)

        let second = task.trainStep(indices: [4, 5, 6, 7])
        let (g2, d2) = (Self.values(gan.store, gan.generator), Self.values(gan.store, gan.discriminator))
        #expect(g2 != g1, "the generator steps after the second critic step")
        #expect(d2 != d1 && d2.allSatisfy { abs($0) <= 0.05 })
        #expect(second["generator"] != 0)
        #expect(gan.store.entries.allSatisfy { !gan.store.isFrozen($0) }, "nothing stays frozen")
    }
}
