import Testing
import TestSupport
import TSNN
import TSTensor

/// The two graph shapes the generative models need, built from the core and checked
/// against central differences with `gradientCheck`'s error model (measured rounding
/// noise of the Float32 loss, Richardson truncation estimate, Float32 error of the
/// analytic gradient) and its 1 % resolution requirement.
///
/// - GAN: the discriminator runs on a real and a fake batch, each on its own tape, before
///   one backward; the generator step back-propagates through the frozen discriminator.
/// - VAE: the encoder output `[B, 2Z]` is split into `μ` and `log σ²`, `z = μ + σ ⊙ ε`
///   with fixed noise, a decoder reconstructs, and the loss adds the Gaussian KL term.
@Suite struct GenerativeGraphTests {
    /// A generator `Z=2 → 4 → 3` and a discriminator `3 → 5 → 1` in one store.
    struct GAN {
        let store = ParameterStore()
        let generator: Sequential
        let discriminator: Sequential
        init(rng: inout RandomGenerator) {
            generator = .multilayerPerceptron(sizes: [2, 4, 3], activation: .tanh, scope: store.scope("generator"), rng: &rng)
            discriminator = .multilayerPerceptron(
                sizes: [3, 5, 1], activation: .leakyRelu(slope: 0.2), scope: store.scope("discriminator"), rng: &rng)
        }

        /// `L_D = BCE(D(real), 1) + BCE(D(G(z)), 0)`, forward only.
        func discriminatorLoss(real: Tensor, noise: Tensor) -> Double {
            let fake = generator.forward(noise, training: false)
            let bce = BCEWithLogitsLoss()
            return Double(bce.evaluate(prediction: discriminator.forward(real, training: false), target: ones(real.rows)).value)
                + Double(bce.evaluate(prediction: discriminator.forward(fake, training: false), target: zeros(noise.rows)).value)
        }

        /// `L_G = BCE(D(G(z)), 1)`, forward only.
        func generatorLoss(noise: Tensor) -> Double {
            let logits = discriminator.forward(generator.forward(noise, training: false), training: false)
            return Double(BCEWithLogitsLoss().evaluate(prediction: logits, target: ones(noise.rows)).value)
        }
    }

    static func ones(_ rows: Int) -> Tensor { Tensor(shape: [rows, 1], repeating: 1) }
    static func zeros(_ rows: Int) -> Tensor { Tensor(shape: [rows, 1]) }

    @Test func ganDiscriminatorStepOnTwoBatchesBeforeOneBackward() {
        var rng = RandomGenerator(seed: 31)
        let gan = GAN(rng: &rng)
        let real = TensorBox(rng.normalTensor(shape: [4, 3]))
        let noise = rng.normalTensor(shape: [3, 2])
        let fake = gan.generator.forward(noise, training: true)  // no tape: the generator gets no gradient
        let (realTape, fakeTape) = (Tape(), Tape())
        let realLogits = gan.discriminator.forward(real.value, training: true, tape: realTape)
        let fakeLogits = gan.discriminator.forward(fake, training: true, tape: fakeTape)
        let bce = BCEWithLogitsLoss()
        gan.store.zeroGradients()
        let dReal = realTape.backward(bce.evaluate(prediction: realLogits, target: Self.ones(4)).dPrediction)
        fakeTape.backward(bce.evaluate(prediction: fakeLogits, target: Self.zeros(3)).dPrediction)

        for entry in gan.generator.parameters() { #expect(gan.store.gradient(entry).scalars.allSatisfy { $0 == 0 }) }
        let probes = Probe.parameters(of: gan.store).filter { $0.name.hasPrefix("discriminator.") }
            + [Probe.tensor("real", real, analytic: dReal)]
        #expect(probes.count == 5)
        expectGradientsMatch(gradientCheck(probes: probes) { gan.discriminatorLoss(real: real.value, noise: noise) })
    }

    @Test func ganGeneratorStepThroughTheFrozenDiscriminator() {
        var rng = RandomGenerator(seed: 32)
        let gan = GAN(rng: &rng)
        let noise = TensorBox(rng.normalTensor(shape: [5, 2]))
        gan.store.freeze(gan.discriminator)
        let tape = Tape()
        let logits = gan.discriminator.forward(gan.generator.forward(noise.value, training: true, tape: tape), training: true, tape: tape)
        gan.store.zeroGradients()
        let dNoise = tape.backward(BCEWithLogitsLoss().evaluate(prediction: logits, target: Self.ones(5)).dPrediction)

        for entry in gan.discriminator.parameters() { #expect(gan.store.gradient(entry).scalars.allSatisfy { $0 == 0 }) }
        let probes = Probe.parameters(of: gan.store).filter { $0.name.hasPrefix("generator.") }
            + [Probe.tensor("noise", noise, analytic: dNoise)]
        expectGradientsMatch(gradientCheck(probes: probes) { gan.generatorLoss(noise: noise.value) })

        // The optimizer moves the generator only.
        let before = gan.store.values
        Adam(learningRate: 0.01).step(gan.store)
        for entry in gan.discriminator.parameters() { #expect(Array(gan.store.values[entry.range]) == Array(before[entry.range])) }
        for entry in gan.generator.parameters() { #expect(Array(gan.store.values[entry.range]) != Array(before[entry.range])) }
    }

    /// An encoder `4 → 6 → 2Z` (Z = 2) and a decoder `Z → 6 → 4`.
    struct VAE {
        let store = ParameterStore()
        let encoder: Sequential
        let decoder: Sequential
        let latent = 2
        init(rng: inout RandomGenerator) {
            encoder = .multilayerPerceptron(sizes: [4, 6, 4], activation: .tanh, scope: store.scope("encoder"), rng: &rng)
            decoder = .multilayerPerceptron(sizes: [2, 6, 4], activation: .tanh, scope: store.scope("decoder"), rng: &rng)
        }

        /// `L = MSE(decoder(μ + e^{s/2} ⊙ ε), target) + KL(N(μ, e^s) ‖ N(0, I))` with
        /// `[μ | s] = encoder(x)`; with `backward`, back-propagates and returns `∂L/∂x`
        /// (through the encoder; the target is data).
        func loss(_ x: Tensor, target: Tensor, noise: Tensor, backward: Bool) -> (value: Double, dInput: Tensor?) {
            let (encoderTape, decoderTape) = (backward ? Tape() : nil, backward ? Tape() : nil)
            let statistics = encoder.forward(x, training: true, tape: encoderTape)  // [B, 2Z]
            let parts = statistics.split(along: 1, sizes: [latent, latent])
            let std = parts[1].scaled(by: 0.5).exp()
            let z = parts[0] + std * noise
            let reconstruction = MSELoss().evaluate(prediction: decoder.forward(z, training: true, tape: decoderTape), target: target)
            let kl = GaussianKLLoss().evaluate(statistics)
            let value = Double(reconstruction.value) + Double(kl.value)
            guard let encoderTape, let decoderTape else { return (value, nil) }
            let dz = decoderTape.backward(reconstruction.dPrediction)
            // z = μ + e^{s/2} ε: ∂z/∂μ = 1, ∂z/∂s = ½ e^{s/2} ε.
            let dLogVariance = (dz * noise * std).scaled(by: 0.5)
            let dStatistics = Tensor.concatenate([dz, dLogVariance], along: 1) + kl.dPrediction
            return (value, encoderTape.backward(dStatistics))
        }
    }

    @Test func vaeEncoderSplitKLAndDecoder() throws {
        var rng = RandomGenerator(seed: 33)
        let vae = VAE(rng: &rng)
        let x = TensorBox(rng.normalTensor(shape: [5, 4]))
        let noise = rng.normalTensor(shape: [5, 2])
        vae.store.zeroGradients()
        let target = x.value
        let dInput = try #require(vae.loss(x.value, target: target, noise: noise, backward: true).dInput)
        let probes = Probe.parameters(of: vae.store) + [Probe.tensor("x", x, analytic: dInput)]
        #expect(probes.count == 9)
        expectGradientsMatch(gradientCheck(probes: probes) { vae.loss(x.value, target: target, noise: noise, backward: false).value })
    }
}
