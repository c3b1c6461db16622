/// Everything needed to rebuild a generative model from its model file: the kind, the
/// sizes and the scaling of the data it was trained on.
///
/// Architectures (activations fixed per kind): `ae` an `Autoencoder` `[D] + hidden + [K]`
/// with tanh (tied when `tied`); `conv-ae` a `ConvAutoencoder` over one channel with
/// `hidden` as its filters, kernel 5, tanh and a dense bottleneck of `latentSize` (the
/// window a multiple of `2^hidden.count`); `vae`/`cvae` a `VariationalAutoencoder` with tanh and a
/// Gaussian decoder (`cvae`: `conditionSize` covariates); `gan`/`wgan` a
/// `GenerativeAdversarialNetwork` with LeakyReLU(0.2), noise width `latentSize`, both
/// networks with `hidden` (WGAN critic clipped to `±clip`).
public struct GenerativeSpec: Codable, Sendable, Equatable {
    /// The model families.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A dense autoencoder (linear, tied or denoising).
        case ae
        /// A variational autoencoder.
        case vae
        /// A conditional variational autoencoder.
        case cvae
        /// A generative adversarial network.
        case gan
        /// A Wasserstein GAN with weight clipping.
        case wgan
        /// A 1-D convolutional autoencoder.
        case convAE = "conv-ae"
    }

    /// The family.
    public var kind: Kind
    /// `D`, the sample width (a window's length).
    public var inputSize: Int
    /// Hidden widths.
    public var hidden: [Int]
    /// The code `K`, latent `Z` or noise width `N`.
    public var latentSize: Int
    /// `C`, covariates of a CVAE (0 otherwise).
    public var conditionSize: Int
    /// The KL weight `β` (VAE, CVAE).
    public var beta: Double
    /// The WGAN clipping constant `c`.
    public var clip: Float
    /// Tied decoder weights (AE).
    public var tied: Bool
    /// Samples were standardised as `(x − offset) / scale` before training.
    public var offset: Double
    /// See `offset`.
    public var scale: Double

    /// A spec with the given fields (no covariates, `β = 1`, `c = 0.05`, untied, identity scaling by default).
    public init(
        kind: Kind, inputSize: Int, hidden: [Int], latentSize: Int, conditionSize: Int = 0, beta: Double = 1, clip: Float = 0.05,
        tied: Bool = false, offset: Double = 0, scale: Double = 1
    ) {
        self.kind = kind
        self.inputSize = inputSize
        self.hidden = hidden
        self.latentSize = latentSize
        self.conditionSize = conditionSize
        self.beta = beta
        self.clip = clip
        self.tied = tied
        self.offset = offset
        self.scale = scale
    }
}
