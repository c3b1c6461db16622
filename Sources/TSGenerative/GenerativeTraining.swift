import TSNN
import TSTensor
import TSTraining

extension GenerativeModel {
    /// Fits the model to the samples `data [N, D]` (covariates `condition [N, C]` for a
    /// CVAE) with the shared `Trainer`:
    ///
    /// - autoencoder, (C)VAE: a `ReconstructionTask` with `config`'s optimizer, learning
    ///   rate and clipping (no validation: the last epoch is kept);
    /// - GAN: an `AdversarialTask` with two Adams (`config.learningRate`, `β₁ = 0.5`);
    ///   WGAN: two RMSProps (`config.learningRate`) and 5 critic steps per generator step.
    ///
    /// Noise is drawn from generators seeded with `config.seed`.
    public func fit(data: Tensor, condition: Tensor? = nil, config: TrainingConfig, progress: ((EpochRecord) -> Bool)? = nil)
        -> TrainingOutcome
    {
        let trainer = Trainer(config: config, progress: progress)
        switch self {
        case .autoencoder(let ae):
            return trainer.fit(ReconstructionTask(model: .autoencoder(ae), data: data, seed: config.seed, threads: config.threads))
        case .variational(let vae):
            return trainer.fit(ReconstructionTask(
                model: .variational(vae), data: data, condition: condition, seed: config.seed, threads: config.threads))
        case .adversarial(let gan):
            let lr = config.learningRate
            let task: AdversarialTask
            if case .wasserstein = gan.objective {
                task = AdversarialTask(
                    gan: gan, data: data, discriminatorOptimizer: RMSProp(learningRate: lr), generatorOptimizer: RMSProp(learningRate: lr),
                    criticSteps: 5, seed: config.seed, threads: config.threads)
            } else {
                task = AdversarialTask(
                    gan: gan, data: data, discriminatorOptimizer: Adam(learningRate: lr, beta1: 0.5, threads: config.threads),
                    generatorOptimizer: Adam(learningRate: lr, beta1: 0.5, threads: config.threads), seed: config.seed,
                    threads: config.threads)
            }
            return trainer.fit(task)
        }
    }
}
