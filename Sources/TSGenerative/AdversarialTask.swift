import TSNN
import TSTensor
import TSTraining

/// Adversarial training as a `SteppingTask`: every batch of real samples is one
/// discriminator (critic) step, and every `criticSteps`-th batch is also followed by one
/// generator step (`n_critic`: 1 for a GAN, 5 in the WGAN paper).
///
/// - Discriminator step: generator frozen, zero gradients, `discriminatorGradients` on the
///   batch and fresh noise, the discriminator's optimizer steps, the critic is clipped
///   (WGAN).
/// - Generator step: discriminator frozen, zero gradients, `generatorGradients` on fresh
///   noise of the batch's size, the generator's optimizer steps.
///
/// Each optimizer thus only ever moves its own network. Reported losses: the batch's
/// `discriminator` loss and the latest `generator` loss.
public final class AdversarialTask: SteppingTask {
    /// The model trained.
    public let gan: GenerativeAdversarialNetwork
    /// The real samples `[N, D]`.
    public let data: Tensor
    /// Discriminator steps per generator step.
    public let criticSteps: Int
    /// `[discriminator's, generator's]`.
    public let optimizers: [any Optimizer]
    /// The generator of the noise `z ~ N(0, I)`.
    public var rng: RandomGenerator
    private var discriminatorSteps = 0
    private var lastGeneratorLoss = 0.0

    /// The threads every pass may use (`TrainingConfig.threads`): with more than one usable,
    /// both steps run by sample shards on replicas (`DataParallel`).
    public let threads: ComputeThreads
    /// The data-parallel passes, with several threads.
    private let sharded: DataParallel<GenerativeAdversarialNetwork>?

    /// A task over `data` with the two optimizers, its passes on `threads`.
    public init(
        gan: GenerativeAdversarialNetwork, data: Tensor, discriminatorOptimizer: any Optimizer, generatorOptimizer: any Optimizer,
        criticSteps: Int = 1, seed: UInt64, threads: ComputeThreads = .single
    ) {
        self.threads = threads
        precondition(data.rank == 2 && data.shape[1] == gan.dataSize, "AdversarialTask: data must be [N, \(gan.dataSize)], got \(data.shape)")
        precondition(criticSteps >= 1, "AdversarialTask: criticSteps must be at least 1")
        self.gan = gan
        self.data = data
        self.criticSteps = criticSteps
        optimizers = [discriminatorOptimizer, generatorOptimizer]
        rng = RandomGenerator(seed: seed)
        sharded = threads.usable > 1 ? DataParallel(gan, threads: threads) : nil
    }

    public var stores: [ParameterStore] { [gan.store] }
    public var sampleCount: Int { data.rows }

    public func trainStep(indices: [Int]) -> [String: Double] {
        let real = data.gatheringRows(indices)
        let discriminatorLoss = step(optimizers[0], frozen: gan.generator) {
            let noise = rng.normalTensor(shape: [indices.count, gan.noiseSize], threads: threads)
            return sharded?.discriminatorGradients(real: real, noise: noise) ?? gan.discriminatorGradients(real: real, noise: noise, threads: threads)
        }
        gan.clipCritic()
        discriminatorSteps += 1
        if discriminatorSteps % criticSteps == 0 {
            lastGeneratorLoss = step(optimizers[1], frozen: gan.discriminator) {
                let noise = rng.normalTensor(shape: [indices.count, gan.noiseSize], threads: threads)
                return sharded?.generatorGradients(noise: noise) ?? gan.generatorGradients(noise: noise, threads: threads)
            }
        }
        return ["discriminator": discriminatorLoss, "generator": lastGeneratorLoss]
    }

    public func validationLoss() -> Double? { nil }

    /// Zero gradients, `gradients()`, `optimizer.step` with `frozen` frozen throughout.
    private func step(_ optimizer: any Optimizer, frozen: any Module, _ gradients: () -> Double) -> Double {
        gan.store.freeze(frozen)
        defer { gan.store.unfreeze(frozen) }
        gan.store.zeroGradients(threads: threads)
        let loss = gradients()
        optimizer.step(gan.store)
        return loss
    }
}
