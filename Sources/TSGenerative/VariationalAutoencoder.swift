import TSNN
import TSTensor

/// A variational autoencoder, optionally conditioned on covariates `c` (a CVAE, seed 000).
///
/// Networks (tanh MLPs by default, PyTorch's default initialisation; `C = conditionSize`):
///
/// - `encoder` `q(z|x, c)`: `[x | c] [B, D + C] → … → [μ | log σ²] [B, 2Z]`;
/// - `prior` `p(z|c)` (only when `C > 0`): `c [B, C] → … → [μ_p | log σ_p²] [B, 2Z]`;
///   without covariates the prior is `N(0, I)`;
/// - `decoder` `p(x|z, c)`: `[z | c] [B, Z + C] → … → likelihood parameters` (`Likelihood`).
///
/// One training step: `z = μ + e^{s/2} ⊙ ε` with `ε ~ N(0, I)` (the reparameterisation,
/// noise given or drawn from a seeded generator), `loss = −log p(x|z, c) + β·KL(q ‖ p)`
/// (`ELBOParts`), both per sample; back-propagation goes through the decoder, the sampling
/// (`∂z/∂μ = 1`, `∂z/∂s = ½ e^{s/2} ε`), the KL term and, for a CVAE, into the prior network.
/// PyTorch names: `encoder.0.weight`, …, `decoder.*`, `prior.*`.
public final class VariationalAutoencoder: Module, Replicable {
    /// Every parameter of the model.
    public let store: ParameterStore
    /// `q(z|x, c)`.
    public let encoder: Sequential
    /// `p(x|z, c)`.
    public let decoder: Sequential
    /// `p(z|c)`, or `nil` for the fixed prior `N(0, I)`.
    public let prior: Sequential?
    /// `D`.
    public let inputSize: Int
    /// `Z`.
    public let latentSize: Int
    /// `C` (0: an unconditional VAE).
    public let conditionSize: Int
    /// The decoder distribution.
    public let likelihood: Likelihood
    /// The weight `β` of the KL term in the training loss.
    public var beta: Double
    /// The hidden widths of the encoder (the decoder's reversed).
    public let hidden: [Int]
    /// The hidden layers' activation.
    public let activation: Activation.Kind

    /// A VAE with hidden widths `hidden` in the encoder, the decoder (reversed) and the
    /// prior network.
    public init(
        inputSize: Int, hidden: [Int], latentSize: Int, conditionSize: Int = 0, likelihood: Likelihood = .gaussian,
        beta: Double = 1, activation: Activation.Kind = .tanh, store: ParameterStore = ParameterStore(),
        rng: inout RandomGenerator
    ) {
        precondition(inputSize > 0 && latentSize > 0 && conditionSize >= 0, "VariationalAutoencoder: sizes must be positive")
        self.store = store
        self.inputSize = inputSize
        self.latentSize = latentSize
        self.conditionSize = conditionSize
        self.likelihood = likelihood
        self.beta = beta
        self.hidden = hidden
        self.activation = activation
        encoder = .multilayerPerceptron(
            sizes: [inputSize + conditionSize] + hidden + [2 * latentSize], activation: activation, scope: store.scope("encoder"),
            rng: &rng)
        decoder = .multilayerPerceptron(
            sizes: [latentSize + conditionSize] + hidden.reversed() + [likelihood.outputSize(features: inputSize)],
            activation: activation, scope: store.scope("decoder"), rng: &rng)
        prior =
            conditionSize == 0
            ? nil
            : .multilayerPerceptron(
                sizes: [conditionSize] + hidden + [2 * latentSize], activation: activation, scope: store.scope("prior"), rng: &rng)
    }

    public var children: [(name: String, module: any Module)] {
        [("encoder", encoder), ("decoder", decoder)] + (prior.map { [("prior", $0)] } ?? [])
    }

    public func replica() -> Self {
        var rng = RandomGenerator(seed: 0)
        return Self(
            inputSize: inputSize, hidden: hidden, latentSize: latentSize, conditionSize: conditionSize, likelihood: likelihood,
            beta: beta, activation: activation, rng: &rng)
    }

    /// One block of rows per network, each for its own input: the encoder on
    /// `[B, D + C]`, the decoder on `[B, Z + C]`, the prior on `[B, C]`; returns the
    /// decoder's output shape.
    public func summaryRows(input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]? {
        let batch = input?.first ?? ModuleSummary.batch
        let scope = ParameterScope(store: store, prefix: path)
        _ = encoder.summaryRows(input: [batch, inputSize + conditionSize], path: scope.qualified("encoder"), into: &rows)
        let output = decoder.summaryRows(input: [batch, latentSize + conditionSize], path: scope.qualified("decoder"), into: &rows)
        _ = prior?.summaryRows(input: [batch, conditionSize], path: scope.qualified("prior"), into: &rows)
        return output
    }

    /// `[a | b]` along the features, or `a` without covariates.
    private func joined(_ a: Tensor, _ condition: Tensor?) -> Tensor {
        precondition((condition?.shape.last ?? 0) == conditionSize, "VariationalAutoencoder: expected \(conditionSize) covariates, got \(condition?.shape ?? [])")
        guard let condition, conditionSize > 0 else { return a }
        return Tensor.concatenate([a, condition], along: 1)
    }

    /// The objective on `x [B, D]` (covariates `c [B, C]`) with the given noise
    /// `ε [B, Z]`; with `backward`, accumulates `∂loss/∂θ` into the store. The passes may
    /// use `threads`.
    public func evaluate(
        _ x: Tensor, condition: Tensor? = nil, noise: Tensor, backward: Bool, threads: ComputeThreads = .single
    ) -> ELBOParts {
        precondition(noise.shape == [x.rows, latentSize], "VariationalAutoencoder: noise must be [\(x.rows), \(latentSize)], got \(noise.shape)")
        let tapes = backward ? (encoder: Tape(threads: threads), decoder: Tape(threads: threads), prior: Tape(threads: threads)) : nil
        let posterior = encoder.forward(joined(x, condition), training: true, tape: tapes?.encoder)
        let parts = posterior.split(along: 1, sizes: [latentSize, latentSize])
        let std = parts[1].scaled(by: 0.5).exp()
        let z = parts[0] + std * noise
        let output = decoder.forward(joined(z, condition), training: true, tape: tapes?.decoder)
        let reconstruction = likelihood.negativeLogLikelihood(output: output, x: x)
        let kl: (value: Double, dQ: Tensor, dP: Tensor?)
        if let prior, let condition {
            let pair = GaussianPairKL().evaluate(q: posterior, p: prior.forward(condition, training: true, tape: tapes?.prior))
            kl = (pair.value, pair.dQ, pair.dP)
        } else {
            let standard = GaussianKLLoss().evaluate(posterior)
            kl = (Double(standard.value), standard.dPrediction, nil)
        }
        let result = ELBOParts(reconstruction: Double(reconstruction.value), kl: kl.value, beta: beta)
        guard let tapes else { return result }
        let dJoined = tapes.decoder.backward(reconstruction.dPrediction)
        let dz = conditionSize == 0 ? dJoined : dJoined.split(along: 1, sizes: [latentSize, conditionSize])[0]
        // z = μ + e^{s/2} ε: ∂z/∂μ = 1, ∂z/∂s = ½ e^{s/2} ε.
        let dSampling = Tensor.concatenate([dz, (dz * noise * std).scaled(by: 0.5)], along: 1)
        tapes.encoder.backward(dSampling + kl.dQ.scaled(by: Float(beta)), inputGradient: false)
        if let dP = kl.dP { tapes.prior.backward(dP.scaled(by: Float(beta)), inputGradient: false) }
        return result
    }

    /// One training step: draws `ε` from `rng`, evaluates and back-propagates (on `threads`).
    public func trainStep(
        _ x: Tensor, condition: Tensor? = nil, rng: inout RandomGenerator, threads: ComputeThreads = .single
    ) -> ELBOParts {
        evaluate(x, condition: condition, noise: rng.normalTensor(shape: [x.rows, latentSize]), backward: true, threads: threads)
    }

    /// The posterior means `μ [B, Z]` of `x` (the codes used as features).
    public func encode(_ x: Tensor, condition: Tensor? = nil) -> Tensor {
        encoder.forward(joined(x, condition), training: false).split(along: 1, sizes: [latentSize, latentSize])[0]
    }

    /// The decoder's mean `[B, D]` at latent codes `z [B, Z]`.
    public func decode(_ z: Tensor, condition: Tensor? = nil) -> Tensor {
        likelihood.mean(output: decoder.forward(joined(z, condition), training: false), features: inputSize)
    }

    /// Per-element `−log p(x|z = μ, c)` `[B, D]` of the Gaussian decoder at the posterior
    /// mean (no sampling noise): `½ (s + (x − μ_x)² e^{−s} + log 2π)`; with a Bernoulli
    /// decoder, the binary cross-entropy of each element.
    public func elementNegativeLogLikelihood(_ x: Tensor, condition: Tensor? = nil) -> Tensor {
        let output = decoder.forward(joined(encode(x, condition: condition), condition), training: false)
        return likelihood.elementTerms(output: output, x: x)
    }

    /// Each row's negative ELBO at `z = μ`: `Σ_d −log p(x_d|z = μ, c) + KL(q ‖ p)`, `[B]`
    /// (the anomaly score of a window).
    public func negativeELBO(_ x: Tensor, condition: Tensor? = nil) -> [Double] {
        let reconstruction = rowMeans(elementNegativeLogLikelihood(x, condition: condition)).map { $0 * Double(inputSize) }
        let posterior = encoder.forward(joined(x, condition), training: false)
        let priorStatistics = prior.flatMap { net in condition.map { net.forward($0, training: false) } }
            ?? Tensor(shape: posterior.shape)
        return (0..<x.rows).map { b in
            reconstruction[b] + GaussianPairKL().evaluate(q: posterior.gatheringRows([b]), p: priorStatistics.gatheringRows([b])).value
        }
    }

    /// `count` samples: `z` from the prior (`N(0, I)`, or `p(z|c)` per row of
    /// `condition [count, C]`), decoded to the decoder's mean (seed 000 plots `μ₂`) or,
    /// with `observationNoise` and a Gaussian decoder, to a draw `μ + σ ⊙ ε'` from
    /// `p(x|z, c)` (a full sample of the model, noise included).
    public func sample(count: Int, condition: Tensor? = nil, observationNoise: Bool = false, rng: inout RandomGenerator) -> Tensor {
        var z = rng.normalTensor(shape: [count, latentSize])
        if let prior, let condition {
            let parts = prior.forward(condition, training: false).split(along: 1, sizes: [latentSize, latentSize])
            z = parts[0] + parts[1].scaled(by: 0.5).exp() * z
        }
        guard observationNoise, likelihood == .gaussian else { return decode(z, condition: condition) }
        let parts = decoder.forward(joined(z, condition), training: false).split(along: 1, sizes: [inputSize, inputSize])
        return parts[0] + parts[1].scaled(by: 0.5).exp() * rng.normalTensor(shape: [count, inputSize])
    }
}
