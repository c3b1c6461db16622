import Testing
import TestSupport
import TSGenerative
import TSNN
import TSTensor

/// Gradient checks of every model's training loss against centered differences (the
/// suite-wide bounds of `gradientCheck`: a pass resolves a 1 % gradient error). Noise —
/// the corruption of a denoising autoencoder, the reparameterisation `ε` of a VAE, the
/// GAN's `z` — is fixed: the loss closure replays the same generator state or tensor.
@Suite struct GradientCheckTests {
    @Test func tiedLinearLayer() {
        var rng = RandomGenerator(seed: 1)
        let store = ParameterStore()
        let encoder = Linear(inputSize: 5, outputSize: 3, scope: store.scope("encoder.0"), rng: &rng)
        let tied = TiedLinear(tiedTo: encoder, scope: store.scope("decoder.0"))
        store.setValue(tied.bias, rng.normalTensor(shape: [5]))
        #expect(store.entries.map(\.name) == ["encoder.0.weight", "encoder.0.bias", "decoder.0.bias"])
        let reports = checkLayer(tied, store: store, input: rng.normalTensor(shape: [4, 3]))
        expectGradientsMatch(reports.filter { $0.name != "encoder.0.bias" })
        #expect(store.gradient(encoder.bias!).scalars.allSatisfy { $0 == 0 })
    }

    /// The autoencoder's loss with the corruption replayed from `seed`.
    static func checkAutoencoder(_ ae: any ReconstructingAutoencoder, x: Tensor, seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        ae.store.zeroGradients()
        _ = ae.trainStep(x, rng: &rng)
        expectGradientsMatch(gradientCheck(probes: Probe.parameters(of: ae.store)) {
            var replay = RandomGenerator(seed: seed)
            let scratch = ae.store.gradients
            defer { ae.store.gradients = scratch }
            return ae.trainStep(x, rng: &replay)
        })
    }

    @Test func stackedTiedDenoisingAutoencoderWithGaussianNoise() {
        var rng = RandomGenerator(seed: 2)
        let ae = Autoencoder(sizes: [6, 4, 2], activation: .tanh, tied: true, corruption: .gaussian(std: 0.3), rng: &rng)
        #expect(ae.store.entries.map(\.name) == ["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "decoder.0.bias", "decoder.2.bias"])
        for entry in ae.store.entries where entry.name.hasPrefix("decoder") { ae.store.setValue(entry, rng.normalTensor(shape: entry.shape, std: 0.3)) }
        Self.checkAutoencoder(ae, x: rng.normalTensor(shape: [5, 6]), seed: 3)
    }

    @Test func untiedAutoencoderWithInputDropout() {
        var rng = RandomGenerator(seed: 4)
        let ae = Autoencoder(sizes: [6, 5, 3], activation: .tanh, corruption: .dropout(probability: 0.3), rng: &rng)
        Self.checkAutoencoder(ae, x: rng.normalTensor(shape: [5, 6]), seed: 5)
    }

    /// Two channels of 8 steps through two stride-2 convolutions, the dense bottleneck and
    /// two transposed convolutions, with Gaussian input noise; and without a bottleneck
    /// with input dropout, one channel, kernel 5.
    @Test func convolutionalDenoisingAutoencoder() {
        var rng = RandomGenerator(seed: 6)
        let ae = ConvAutoencoder(channels: 2, window: 8, filters: [3, 4], kernelSize: 3, latentSize: 3, corruption: .gaussian(std: 0.3), rng: &rng)
        #expect(ae.encoder.outputShape(for: [5, 16]) == [5, 3] && ae.decoder.outputShape(for: [5, 3]) == [5, 16])
        Self.checkAutoencoder(ae, x: rng.normalTensor(shape: [5, 16]), seed: 7)
        let plain = ConvAutoencoder(window: 12, filters: [3, 2], latentSize: nil, corruption: .dropout(probability: 0.2), rng: &rng)
        #expect(plain.encoder.outputShape(for: [4, 12]) == [4, 6])
        Self.checkAutoencoder(plain, x: rng.normalTensor(shape: [4, 12]), seed: 8)
    }

    /// The VAE's loss with fixed `ε`, probing every parameter and the gradient noise of
    /// the KL and reparameterisation paths.
    static func checkVAE(_ vae: VariationalAutoencoder, x: Tensor, condition: Tensor?, rng: inout RandomGenerator) {
        let noise = rng.normalTensor(shape: [x.rows, vae.latentSize])
        vae.store.zeroGradients()
        _ = vae.evaluate(x, condition: condition, noise: noise, backward: true)
        let probes = Probe.parameters(of: vae.store)
        expectGradientsMatch(gradientCheck(probes: probes) {
            vae.evaluate(x, condition: condition, noise: noise, backward: false).loss
        })
    }

    @Test func gaussianVAEWithBeta() {
        var rng = RandomGenerator(seed: 6)
        let vae = VariationalAutoencoder(inputSize: 4, hidden: [5], latentSize: 2, likelihood: .gaussian, beta: 0.7, rng: &rng)
        Self.checkVAE(vae, x: rng.normalTensor(shape: [5, 4]), condition: nil, rng: &rng)
    }

    @Test func bernoulliVAE() {
        var rng = RandomGenerator(seed: 7)
        let vae = VariationalAutoencoder(inputSize: 4, hidden: [5], latentSize: 2, likelihood: .bernoulli, rng: &rng)
        Self.checkVAE(vae, x: rng.uniformTensor(shape: [5, 4]), condition: nil, rng: &rng)
    }

    @Test func conditionalVAEWithLearnedPrior() {
        var rng = RandomGenerator(seed: 8)
        let vae = VariationalAutoencoder(inputSize: 3, hidden: [5], latentSize: 2, conditionSize: 2, beta: 1.3, rng: &rng)
        #expect(vae.children.map(\.name) == ["encoder", "decoder", "prior"])
        Self.checkVAE(vae, x: rng.normalTensor(shape: [5, 3]), condition: rng.normalTensor(shape: [5, 2]), rng: &rng)
    }

    static func checkGAN(_ objective: AdversarialObjective, seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        let gan = GenerativeAdversarialNetwork(
            noiseSize: 2, dataSize: 3, generatorHidden: [4], discriminatorHidden: [5], objective: objective, activation: .tanh, rng: &rng)
        let real = rng.normalTensor(shape: [4, 3])
        let noise = rng.normalTensor(shape: [4, 2])
        // Discriminator step: only the discriminator's gradients.
        gan.store.zeroGradients()
        _ = gan.discriminatorGradients(real: real, noise: noise)
        for entry in gan.generator.parameters() { #expect(gan.store.gradient(entry).scalars.allSatisfy { $0 == 0 }) }
        var discriminatorProbes = Probe.parameters(of: gan.store).filter { $0.name.hasPrefix("discriminator.") }
        if case .wasserstein = objective {
            // E f(fake) − E f(real) does not depend on the critic's output bias: its gradient
            // is exactly zero (and a relative check of it is meaningless).
            #expect(discriminatorProbes.last?.name == "discriminator.2.bias" && discriminatorProbes.last?.analytic == [0])
            discriminatorProbes.removeLast()
        }
        expectGradientsMatch(gradientCheck(probes: discriminatorProbes) {
            let scratch = gan.store.gradients
            defer { gan.store.gradients = scratch }
            return gan.discriminatorGradients(real: real, noise: noise)
        })
        // Generator step: the discriminator is frozen and gets nothing.
        gan.store.zeroGradients()
        _ = gan.generatorGradients(noise: noise)
        for entry in gan.discriminator.parameters() {
            #expect(gan.store.gradient(entry).scalars.allSatisfy { $0 == 0 })
            #expect(!gan.store.isFrozen(entry), "the discriminator is unfrozen after the generator pass")
        }
        let generatorProbes = Probe.parameters(of: gan.store).filter { $0.name.hasPrefix("generator.") }
        expectGradientsMatch(gradientCheck(probes: generatorProbes) {
            let scratch = gan.store.gradients
            defer { gan.store.gradients = scratch }
            return gan.generatorGradients(noise: noise)
        })
    }

    @Test func minimaxGAN() { Self.checkGAN(.minimax, seed: 9) }
    @Test func nonSaturatingGAN() { Self.checkGAN(.nonSaturating, seed: 10) }
    @Test func wassersteinGAN() { Self.checkGAN(.wasserstein(clip: 0.5), seed: 11) }
}
