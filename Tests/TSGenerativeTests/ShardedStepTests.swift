import Testing
import TestSupport
import TSGenerative
import TSNN
import TSTensor

/// The data-parallel training steps (`ShardedSteps.swift`): with two threads the tasks
/// split every batch over two replicas and draw the same noise as with one, so loss and
/// gradients match the one-thread step within Float32 rounding, and the same thread count
/// gives the same bits.
///
/// Tolerances: `expectMatchesReference` with `depth` = 4 × (the dot-product lengths of the
/// forward and backward chain + the rows a weight gradient sums over): both results round
/// (×2), and the shard weights and element-wise maps add a few roundings per element (×2).
/// Losses agree within 1e-5 relative, 168 u: `8·√n·u` for the forward chain alone, whose
/// depth here is at most 4 × 60, doubled for the two roundings compared, is 248 u; the
/// losses are means, which only average the rows' errors.
@Suite(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two replicas"))
struct ShardedStepTests {
    static let two = try! ComputeThreads(count: 2)
    static let rows = 40

    /// Loss and gradients of one `trainStep` of a fresh task on every row.
    static func step(threads: ComputeThreads, _ build: (ComputeThreads) -> ReconstructionTask) -> (loss: Double, gradients: [Float]) {
        let task = build(threads)
        let loss = task.trainStep(indices: Array(0..<rows))
        return (loss, task.store.gradients)
    }

    static func expectShardedMatchesSingle(depth: Int, _ build: (ComputeThreads) -> ReconstructionTask, sourceLocation: SourceLocation = #_sourceLocation) {
        let single = step(threads: .single, build), sharded = step(threads: two, build)
        #expect(abs(sharded.loss - single.loss) <= 1e-5 * abs(single.loss), "loss \(sharded.loss) vs \(single.loss)", sourceLocation: sourceLocation)
        let count = single.gradients.count
        expectMatchesReference(
            Tensor(shape: [count], scalars: sharded.gradients), Tensor(shape: [count], scalars: single.gradients), depth: depth,
            "gradients", sourceLocation: sourceLocation)
        #expect(step(threads: two, build).gradients.map(\.bitPattern) == sharded.gradients.map(\.bitPattern), "same count, different bits", sourceLocation: sourceLocation)
    }

    @Test(arguments: [0, 2])
    func variationalAutoencoder(conditionSize: Int) {
        var rng = RandomGenerator(seed: 21)
        let data = rng.normalTensor(shape: [Self.rows, 6]), condition = rng.normalTensor(shape: [Self.rows, conditionSize])
        // Forward 8 + 16 + 8 (encoder) and 4 + 8 + 16 (decoder), the same backward, 40 rows.
        Self.expectShardedMatchesSingle(depth: 4 * (2 * 60 + Self.rows)) { threads in
            var init_ = RandomGenerator(seed: 3)
            let vae = VariationalAutoencoder(inputSize: 6, hidden: [16, 8], latentSize: 2, conditionSize: conditionSize, beta: 0.5, rng: &init_)
            return ReconstructionTask(model: .variational(vae), data: data, condition: conditionSize > 0 ? condition : nil, seed: 4, threads: threads)
        }
    }

    @Test func denoisingAutoencoder() {
        var rng = RandomGenerator(seed: 22)
        let data = rng.normalTensor(shape: [Self.rows, 10])
        // Forward 10 + 6 + 3 + 6, the same backward, 40 rows.
        Self.expectShardedMatchesSingle(depth: 4 * (2 * 25 + Self.rows)) { threads in
            var init_ = RandomGenerator(seed: 3)
            let ae = Autoencoder(sizes: [10, 6, 3], activation: .tanh, tied: true, corruption: .gaussian(std: 0.3), rng: &init_)
            return ReconstructionTask(model: .autoencoder(ae), data: data, seed: 5, threads: threads)
        }
    }

    @Test func convolutionalAutoencoder() {
        var rng = RandomGenerator(seed: 23)
        let data = rng.normalTensor(shape: [Self.rows, 16])
        // Convolutions sum 1·3, 4·3, then 8·4 → 3 (dense) and back; a weight gradient sums
        // 40 rows × 8 positions.
        Self.expectShardedMatchesSingle(depth: 4 * (2 * (3 + 12 + 32 + 3 + 24 + 12) + Self.rows * 8)) { threads in
            var init_ = RandomGenerator(seed: 3)
            let ae = ConvAutoencoder(window: 16, filters: [4, 8], kernelSize: 3, latentSize: 3, rng: &init_)
            return ReconstructionTask(model: .autoencoder(ae), data: data, seed: 6, threads: threads)
        }
    }

    @Test(arguments: [AdversarialObjective.nonSaturating, .wasserstein(clip: 0.5)])
    func adversarialPassesMatchTheWholeBatch(objective: AdversarialObjective) {
        var rng = RandomGenerator(seed: 24)
        let real = rng.normalTensor(shape: [Self.rows, 5]), noise = rng.normalTensor(shape: [Self.rows, 3])
        func gan() -> GenerativeAdversarialNetwork {
            var init_ = RandomGenerator(seed: 3)
            return GenerativeAdversarialNetwork(noiseSize: 3, dataSize: 5, generatorHidden: [8], discriminatorHidden: [8], objective: objective, rng: &init_)
        }
        // Generator 3 + 8, discriminator 5 + 8, the same backward, 40 rows.
        let depth = 4 * (2 * 24 + Self.rows)
        let (single, sharded) = (gan(), gan())
        let parallel = DataParallel(sharded, threads: Self.two)
        for discriminatorStep in [true, false] {
            for model in [single, sharded] {
                model.store.zeroGradients()
                model.store.freeze(discriminatorStep ? model.generator : model.discriminator)
            }
            let (loss, reference) =
                discriminatorStep
                ? (parallel.discriminatorGradients(real: real, noise: noise), single.discriminatorGradients(real: real, noise: noise))
                : (parallel.generatorGradients(noise: noise), single.generatorGradients(noise: noise))
            #expect(abs(loss - reference) <= 1e-5 * abs(reference), "loss \(loss) vs \(reference)")
            let count = single.store.count
            expectMatchesReference(
                Tensor(shape: [count], scalars: sharded.store.gradients), Tensor(shape: [count], scalars: single.store.gradients),
                depth: depth, "gradients")
            #expect(sharded.store.gradients.contains { $0 != 0 })
            single.store.unfreeze(single)
            sharded.store.unfreeze(sharded)
        }
    }

    @Test func adversarialTaskIsReproducibleAtTwoThreads() {
        var rng = RandomGenerator(seed: 25)
        let data = rng.normalTensor(shape: [Self.rows, 5])
        func run() -> [Float] {
            var init_ = RandomGenerator(seed: 3)
            let gan = GenerativeAdversarialNetwork(noiseSize: 3, dataSize: 5, generatorHidden: [8], discriminatorHidden: [8], objective: .nonSaturating, rng: &init_)
            let task = AdversarialTask(
                gan: gan, data: data, discriminatorOptimizer: Adam(learningRate: 1e-2), generatorOptimizer: Adam(learningRate: 1e-2), seed: 7,
                threads: Self.two)
            let start = gan.store.values
            for _ in 0..<3 { _ = task.trainStep(indices: Array(0..<Self.rows)) }
            #expect(gan.store.values != start)
            #expect(gan.store.entries.allSatisfy { !gan.store.isFrozen($0) }, "nothing stays frozen")
            return gan.store.values
        }
        #expect(run().map(\.bitPattern) == run().map(\.bitPattern))
    }
}
