import TSNN
import TSTensor

/// A generator `G: z [B, N] → x [B, D]` and a discriminator (WGAN: critic)
/// `D: x [B, D] → [B, 1]`, dense networks in one store (`generator.0.weight`, …,
/// `discriminator.0.weight`, …; two `nn.Sequential`s in PyTorch).
///
/// The two gradient steps of adversarial training (`AdversarialObjective` has the losses):
/// - `discriminatorGradients`: `G(z)` is computed without a tape (the generator gets no
///   gradient); `D` runs once on the real rows stacked on the fake ones (it maps rows
///   independently), and the backward pass of both losses accumulates into `D`'s gradients.
/// - `generatorGradients`: `D` is frozen for the pass, so back-propagating through it
///   leaves its gradients untouched and only `G`'s accumulate.
/// `AdversarialTask` alternates them with one optimizer per network.
public final class GenerativeAdversarialNetwork: Module, Replicable {
    /// Both networks' parameters.
    public let store: ParameterStore
    /// `G`.
    public let generator: Sequential
    /// `D` (the critic for WGAN).
    public let discriminator: Sequential
    /// `N`, the noise width.
    public let noiseSize: Int
    /// `D`, the sample width.
    public let dataSize: Int
    /// The losses and, for WGAN, the clipping constant.
    public let objective: AdversarialObjective
    /// The generator's hidden widths.
    public let generatorHidden: [Int]
    /// The discriminator's hidden widths.
    public let discriminatorHidden: [Int]
    /// Both networks' hidden activation.
    public let activation: Activation.Kind

    /// A GAN with MLPs `N → generatorHidden → D` and `D → discriminatorHidden → 1`.
    public init(
        noiseSize: Int, dataSize: Int, generatorHidden: [Int], discriminatorHidden: [Int], objective: AdversarialObjective,
        activation: Activation.Kind = .leakyRelu(slope: 0.2), store: ParameterStore = ParameterStore(), rng: inout RandomGenerator
    ) {
        self.store = store
        self.noiseSize = noiseSize
        self.dataSize = dataSize
        self.objective = objective
        (self.generatorHidden, self.discriminatorHidden, self.activation) = (generatorHidden, discriminatorHidden, activation)
        generator = .multilayerPerceptron(
            sizes: [noiseSize] + generatorHidden + [dataSize], activation: activation, scope: store.scope("generator"), rng: &rng)
        discriminator = .multilayerPerceptron(
            sizes: [dataSize] + discriminatorHidden + [1], activation: activation, scope: store.scope("discriminator"), rng: &rng)
    }

    public var children: [(name: String, module: any Module)] { [("generator", generator), ("discriminator", discriminator)] }

    public func replica() -> Self {
        var rng = RandomGenerator(seed: 0)
        return Self(
            noiseSize: noiseSize, dataSize: dataSize, generatorHidden: generatorHidden, discriminatorHidden: discriminatorHidden,
            objective: objective, activation: activation, rng: &rng)
    }

    /// The generator's rows for noise `[B, N]`, then the discriminator's for samples
    /// `[B, D]`; returns the discriminator's output shape `[B, 1]`.
    public func summaryRows(input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]? {
        let batch = input?.first ?? ModuleSummary.batch
        let scope = ParameterScope(store: store, prefix: path)
        _ = generator.summaryRows(input: [batch, noiseSize], path: scope.qualified("generator"), into: &rows)
        return discriminator.summaryRows(input: [batch, dataSize], path: scope.qualified("discriminator"), into: &rows)
    }

    /// `G(z)`, `[B, D]`.
    public func generate(_ noise: Tensor) -> Tensor { generator.forward(noise, training: false) }

    /// Accumulates `∂L_D/∂θ_D` for the real batch `[B, D]` and the fakes `G(noise)`;
    /// returns `L_D`. The passes may use `threads`.
    public func discriminatorGradients(real: Tensor, noise: Tensor, threads: ComputeThreads = .single) -> Double {
        let fake = generator.forward(noise, training: false, tape: .inference(threads: threads))
        // `D` maps every row on its own, so one pass over the real rows stacked on the fakes
        // gives both batches' logits and, backward, the sum of their gradients, with products
        // twice as tall (each weight matrix packed once, not twice).
        let tape = Tape(threads: threads)
        let logits = discriminator.forward(Tensor.concatenate([real, fake], along: 0), training: true, tape: tape)
        let halves = logits.split(along: 0, sizes: [real.rows, fake.rows])
        let realLoss = objective.discriminatorLoss(halves[0], real: true)
        let fakeLoss = objective.discriminatorLoss(halves[1], real: false)
        tape.backward(Tensor.concatenate([realLoss.dPrediction, fakeLoss.dPrediction], along: 0), inputGradient: false)
        return Double(realLoss.value) + Double(fakeLoss.value)
    }

    /// Accumulates `∂L_G/∂θ_G` for `noise [B, N]` through the frozen discriminator; returns
    /// `L_G`. The passes may use `threads`.
    public func generatorGradients(noise: Tensor, threads: ComputeThreads = .single) -> Double {
        let wasFrozen = discriminator.parameters().map(store.isFrozen)
        store.freeze(discriminator)
        defer { for (entry, frozen) in zip(discriminator.parameters(), wasFrozen) where !frozen { store.setFrozen(false, [entry]) } }
        let tape = Tape(threads: threads)
        let logits = discriminator.forward(generator.forward(noise, training: true, tape: tape), training: true, tape: tape)
        let loss = objective.generatorLoss(logits)
        tape.backward(loss.dPrediction, inputGradient: false)
        return Double(loss.value)
    }

    /// WGAN: clips every critic parameter to `[−c, c]`; other objectives: nothing.
    public func clipCritic() {
        guard case .wasserstein(let c) = objective else { return }
        for entry in discriminator.parameters() {
            for i in entry.range { store.values[i] = min(max(store.values[i], -c), c) }
        }
    }
}
