import Testing
import TestSupport
import TSGenerative
import TSNN
import TSTensor

/// One full training step of every model against PyTorch (`Fixtures/*.json`, written by
/// `python3 Utilities/Reference/generative_fixtures.py` in float64 from the same Float32
/// weights, inputs and noise): the losses, every gradient and the updated weights.
///
/// Bound (`expectMatchesReference`): `8·√n·u` with `n = depth = 64` roundings behind an
/// element. The longest chain here is a gradient of a first-layer weight: forward dot
/// products of ≤ 8 terms through ≤ 4 layers, a loss summed over ≤ 30 elements, backward
/// products of ≤ 8 terms through the same layers and a batch sum of ≤ 5 rows — about 60;
/// the Adam/RMSProp update adds a handful of element-wise roundings on a value of the
/// same scale. A wrong term (a missing transpose, a dropped ½, the KL's sign) errs by
/// order one, 10⁶ u and more.
@Suite struct TrainingStepParityTests {
    static let depth = 64

    /// Compares every parameter of `store` (or those starting with `prefix`) with `<tag>.<name>`.
    static func expectValues(_ store: ParameterStore, _ f: Fixture, tag: String, prefix: String = "", depth: Int = depth) {
        for entry in store.entries where entry.name.hasPrefix(prefix) {
            expectMatchesReference(store.value(entry), f["\(tag).\(entry.name)"], depth: depth, "\(tag).\(entry.name)")
        }
    }

    static func expectGradients(_ store: ParameterStore, _ f: Fixture, tag: String, prefix: String = "", depth: Int = depth) {
        for entry in store.entries where entry.name.hasPrefix(prefix) {
            expectMatchesReference(store.gradient(entry), f["\(tag).\(entry.name)"], depth: depth, "d\(entry.name)")
        }
    }

    @Test func tiedDenoisingAutoencoderAdamStep() throws {
        let f = try loadFixture("tied_dae")
        var rng = RandomGenerator(seed: 0)
        let ae = Autoencoder(sizes: [6, 4, 2], activation: .tanh, tied: true, corruption: .gaussian(std: 0.3), rng: &rng)
        load(ae.store, from: f, tag: "initial")
        ae.store.zeroGradients()
        let loss = ae.trainStep(input: f["noisy"], target: f["x"])
        expectMatchesReference(scalar(loss), f["loss"], depth: Self.depth, "loss")
        Self.expectGradients(ae.store, f, tag: "grad")
        Adam(learningRate: 1e-2).step(ae.store)
        Self.expectValues(ae.store, f, tag: "updated")
    }

    /// The 1-D convolutional autoencoder (2 channels, W = 8, filters [3, 4], k = 3, a
    /// bottleneck of 3, batch 4) with Gaussian input noise, against the `nn.Sequential`
    /// pair of `conv_autoencoder_fixtures.py`, whose `state_dict` names the store must have.
    ///
    /// Depth 192: the longest chain is the gradient of `encoder.1.weight` — forward dot
    /// products of 7, 10, 9, 4, 9 and 7 terms (two convolutions, two linears, two transposed
    /// convolutions, each output of a stride-2 transposed convolution sums `C_in·⌈k/2⌉` terms),
    /// a tanh after four of them, then backward products of 6, 9, 8, 3 and 12 terms and a
    /// weight-gradient sum over `B·W/2 = 16` positions: about 110; the loss adds its sum of
    /// `B·C·W = 64` squares to the forward chain (about 110 too). 192 leaves room for the
    /// element-wise roundings (tanh, MSE scale, Adam) without hiding an error of order one.
    @Test func convolutionalDenoisingAutoencoderAdamStep() throws {
        let f = try loadFixture("conv_ae")
        var rng = RandomGenerator(seed: 0)
        let ae = ConvAutoencoder(channels: 2, window: 8, filters: [3, 4], kernelSize: 3, latentSize: 3, corruption: .gaussian(std: 0.3), rng: &rng)
        let names = Set(f.tensors.keys.filter { $0.hasPrefix("initial.") }.map { String($0.dropFirst(8)) })
        #expect(Set(ae.store.entries.map(\.name)) == names, "PyTorch state_dict names")
        load(ae.store, from: f, tag: "initial")
        ae.store.zeroGradients()
        let loss = ae.trainStep(input: f["noisy"], target: f["x"])
        let depth = 192
        expectMatchesReference(scalar(loss), f["loss"], depth: depth, "loss")
        Self.expectGradients(ae.store, f, tag: "grad", depth: depth)
        Adam(learningRate: 1e-2).step(ae.store)
        Self.expectValues(ae.store, f, tag: "updated", depth: depth)
    }

    static func vaeStep(_ name: String, _ vae: VariationalAutoencoder, conditioned: Bool) throws {
        let f = try loadFixture(name)
        load(vae.store, from: f, tag: "initial")
        vae.store.zeroGradients()
        let parts = vae.evaluate(f["x"], condition: conditioned ? f["condition"] : nil, noise: f["noise"], backward: true)
        expectMatchesReference(scalar(parts.reconstruction), f["reconstruction"], depth: depth, "reconstruction")
        expectMatchesReference(scalar(parts.kl), f["kl"], depth: depth, "kl")
        expectMatchesReference(scalar(parts.loss), f["loss"], depth: depth, "loss")
        expectGradients(vae.store, f, tag: "grad")
        Adam(learningRate: 1e-2).step(vae.store)
        expectValues(vae.store, f, tag: "updated")
    }

    @Test func gaussianVAEAdamStep() throws {
        var rng = RandomGenerator(seed: 0)
        let vae = VariationalAutoencoder(inputSize: 4, hidden: [6], latentSize: 2, likelihood: .gaussian, beta: 0.5, rng: &rng)
        try Self.vaeStep("vae", vae, conditioned: false)
    }

    @Test func bernoulliCVAEAdamStep() throws {
        var rng = RandomGenerator(seed: 0)
        let vae = VariationalAutoencoder(inputSize: 3, hidden: [6], latentSize: 2, conditionSize: 2, likelihood: .bernoulli, rng: &rng)
        try Self.vaeStep("cvae", vae, conditioned: true)
    }

    /// A discriminator step, then a generator step with the discriminator frozen, through
    /// `AdversarialTask`'s own stepping, as PyTorch does them with two optimizers.
    static func ganSteps(_ name: String, _ objective: AdversarialObjective, optimizers: () -> (any Optimizer, any Optimizer)) throws {
        let f = try loadFixture(name)
        var rng = RandomGenerator(seed: 0)
        let gan = GenerativeAdversarialNetwork(
            noiseSize: 2, dataSize: 3, generatorHidden: [4], discriminatorHidden: [5], objective: objective, rng: &rng)
        load(gan.store, from: f, tag: "initial")
        let (dOptimizer, gOptimizer) = optimizers()

        gan.store.freeze(gan.generator)
        gan.store.zeroGradients()
        let dLoss = gan.discriminatorGradients(real: f["real"], noise: f["noise.discriminator"])
        expectMatchesReference(scalar(dLoss), f["loss.discriminator"], depth: depth, "discriminator loss")
        expectGradients(gan.store, f, tag: "grad", prefix: "discriminator.")
        dOptimizer.step(gan.store)
        gan.clipCritic()
        gan.store.unfreeze(gan.generator)
        expectValues(gan.store, f, tag: "afterDiscriminator")

        gan.store.freeze(gan.discriminator)
        gan.store.zeroGradients()
        let gLoss = gan.generatorGradients(noise: f["noise.generator"])
        expectMatchesReference(scalar(gLoss), f["loss.generator"], depth: depth, "generator loss")
        expectGradients(gan.store, f, tag: "grad", prefix: "generator.")
        gOptimizer.step(gan.store)
        gan.store.unfreeze(gan.discriminator)
        expectValues(gan.store, f, tag: "afterGenerator")
    }

    static func ganAdam() -> (any Optimizer, any Optimizer) {
        (Adam(learningRate: 2e-2, beta1: 0.5), Adam(learningRate: 2e-2, beta1: 0.5))
    }

    @Test func minimaxGANSteps() throws { try Self.ganSteps("gan_minimax", .minimax, optimizers: Self.ganAdam) }
    @Test func nonSaturatingGANSteps() throws { try Self.ganSteps("gan_nonsaturating", .nonSaturating, optimizers: Self.ganAdam) }

    @Test func wassersteinGANStepsWithClippingAndRMSProp() throws {
        try Self.ganSteps("wgan", .wasserstein(clip: 0.3)) { (RMSProp(learningRate: 5e-3), RMSProp(learningRate: 5e-3)) }
        // Some critic weight was clipped, so the fixture exercises the clip.
        let f = try loadFixture("wgan")
        #expect(f["afterDiscriminator.discriminator.0.weight"].scalars.contains { abs($0) == 0.3 })
    }
}
