import TSNN
import TSTensor
import TSTraining

/// Trains an autoencoder (dense or convolutional) or a `VariationalAutoencoder` with the shared `Trainer` (a
/// `TrainingTask`): samples are the rows of `data [N, D]` (covariates: rows of
/// `condition [N, C]`), the loss is the model's (MSE, or `reconstruction + β·KL`), the
/// corruption or reparameterisation noise comes from a generator seeded with `seed`.
/// The validation loss, when `validation` rows are given, is evaluated without noise
/// (autoencoder) or with `z = μ` (VAE: `ε = 0`).
public final class ReconstructionTask: TrainingTask {
    /// The model trained.
    public enum Model {
        /// A dense or convolutional autoencoder (MSE).
        case autoencoder(any ReconstructingAutoencoder)
        /// A VAE or CVAE (negative ELBO).
        case variational(VariationalAutoencoder)
    }

    /// The model.
    public let model: Model
    /// `[N, D]`.
    public let data: Tensor
    /// `[N, C]` covariates of a CVAE, or `nil`.
    public let condition: Tensor?
    /// Held-out `(x, c)` for early stopping, or `nil`.
    public let validation: (x: Tensor, condition: Tensor?)?
    /// The noise generator.
    public var rng: RandomGenerator
    /// The ELBO parts of the latest VAE batch (for progress reports).
    public private(set) var lastParts: ELBOParts?

    /// The threads every pass may use (`TrainingConfig.threads`): with more than one usable,
    /// training steps run by sample shards on replicas (`DataParallel`).
    public let threads: ComputeThreads
    /// The autoencoder's data-parallel step `(input, target) ↦ L`, with several threads.
    private let shardedReconstruction: ((Tensor, Tensor) -> Double)?
    /// The VAE's data-parallel passes, with several threads.
    private let shardedVariational: DataParallel<VariationalAutoencoder>?

    /// A task fitting `model` to `data`, its passes on `threads`.
    public init(
        model: Model, data: Tensor, condition: Tensor? = nil, validation: (x: Tensor, condition: Tensor?)? = nil, seed: UInt64,
        threads: ComputeThreads = .single
    ) {
        self.threads = threads
        precondition(data.rank == 2, "ReconstructionTask: data must be [N, D], got \(data.shape)")
        self.model = model
        self.data = data
        self.condition = condition
        self.validation = validation
        rng = RandomGenerator(seed: seed)
        let parallel = threads.usable > 1
        switch model {
        case .autoencoder(let ae):
            shardedReconstruction = parallel ? Self.shardedStep(ae, threads: threads) : nil
            shardedVariational = nil
        case .variational(let vae):
            shardedReconstruction = nil
            shardedVariational = parallel ? DataParallel(vae, threads: threads) : nil
        }
    }

    /// The data-parallel training step of `ae` (opened from the existential).
    private static func shardedStep<AE: ReconstructingAutoencoder>(_ ae: AE, threads: ComputeThreads) -> (Tensor, Tensor) -> Double {
        let parallel = DataParallel(ae, threads: threads)
        return { parallel.trainStep(input: $0, target: $1) }
    }

    public var store: ParameterStore {
        switch model {
        case .autoencoder(let ae): ae.store
        case .variational(let vae): vae.store
        }
    }

    public var sampleCount: Int { data.rows }

    public func trainStep(indices: [Int]) -> Double {
        let x = data.gatheringRows(indices)
        switch model {
        case .autoencoder(let ae):
            let input = ae.corruption?.apply(to: x, rng: &rng, threads: threads) ?? x
            return shardedReconstruction?(input, x) ?? ae.trainStep(input: input, target: x, threads: threads)
        case .variational(let vae):
            let (c, noise) = (condition?.gatheringRows(indices), rng.normalTensor(shape: [x.rows, vae.latentSize], threads: threads))
            let parts = shardedVariational?.trainStep(x, condition: c, noise: noise)
                ?? vae.evaluate(x, condition: c, noise: noise, backward: true, threads: threads)
            lastParts = parts
            return parts.loss
        }
    }

    public func validationLoss() -> Double? {
        guard let validation else { return nil }
        switch model {
        case .autoencoder(let ae):
            return ae.loss(validation.x)
        case .variational(let vae):
            let noise = Tensor(shape: [validation.x.rows, vae.latentSize])
            return vae.evaluate(validation.x, condition: validation.condition, noise: noise, backward: false).loss
        }
    }
}
