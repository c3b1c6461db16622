import TSNN
import TSTensor

/// A dense autoencoder `x → code → x̂` trained on the mean squared reconstruction error:
/// linear (PCA's subspace), stacked with tied weights, or denoising.
///
/// With `sizes = [D, h₁, …, K]` the encoder is `Linear(D→h₁)`, `activation`, …,
/// `Linear(→K)` (the code is linear) and the decoder mirrors it, `Linear(K→…)`,
/// `activation`, …, `Linear(→D)` (linear output). PyTorch names: `encoder.0.weight`,
/// `encoder.2.weight`, …, `decoder.0.weight`, …, as two `nn.Sequential`s.
///
/// - `activation: nil`: no non-linearity anywhere (the linear autoencoder, whose decoder
///   spans the top-`K` principal subspace at the optimum).
/// - `tied: true` (with `bias`): decoder layer `l` is `TiedLinear` over encoder layer
///   `L−1−l`, i.e. `W_dec = W_encᵀ` with its own bias (`decoder.0.bias`, no
///   `decoder.0.weight`).
/// - `corruption`: the input is corrupted in training steps (`trainStep`) only;
///   `reconstruct`, `encode` and `reconstructionErrors` never corrupt.
///
/// Loss: `L = (1/(B·D)) Σ (x̂ − x)²` against the clean `x` (`MSELoss`).
public final class Autoencoder: ReconstructingAutoencoder {
    /// The parameters of both halves.
    public let store: ParameterStore
    /// `[B, D] → [B, K]`.
    public let encoder: Sequential
    /// `[B, K] → [B, D]`.
    public let decoder: Sequential
    /// The input noise of training steps, or `nil`.
    public let corruption: Corruption?
    /// `[D, h₁, …, K]`.
    public let sizes: [Int]
    /// The hidden activation, or `nil` for a linear autoencoder.
    public let activation: Activation.Kind?
    /// Whether the layers have biases.
    public let bias: Bool
    /// Whether the decoder's weights are the encoder's, transposed.
    public let tied: Bool

    /// An autoencoder over `sizes`, built in `store` (PyTorch's default initialisation).
    public init(
        sizes: [Int], activation: Activation.Kind?, bias: Bool = true, tied: Bool = false, corruption: Corruption? = nil,
        store: ParameterStore = ParameterStore(), rng: inout RandomGenerator
    ) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "Autoencoder: sizes must be [D, …, K] with positive entries, got \(sizes)")
        precondition(bias || !tied, "Autoencoder: a tied decoder has biases of its own (seed 004), so tied needs bias")
        self.store = store
        self.sizes = sizes
        self.corruption = corruption
        (self.activation, self.bias, self.tied) = (activation, bias, tied)
        let (encoderScope, decoderScope) = (store.scope("encoder"), store.scope("decoder"))
        var encoderLayers: [any Layer] = []
        var linears: [Linear] = []
        for i in 0..<(sizes.count - 1) {
            if i > 0, let activation { encoderLayers.append(Activation(activation)) }
            let linear = Linear(
                inputSize: sizes[i], outputSize: sizes[i + 1], bias: bias, scope: encoderScope.child(encoderLayers.count), rng: &rng)
            linears.append(linear)
            encoderLayers.append(linear)
        }
        var decoderLayers: [any Layer] = []
        let reversed = Array(sizes.reversed())
        for i in 0..<(reversed.count - 1) {
            if i > 0, let activation { decoderLayers.append(Activation(activation)) }
            let scope = decoderScope.child(decoderLayers.count)
            decoderLayers.append(
                tied
                    ? TiedLinear(tiedTo: linears[linears.count - 1 - i], scope: scope)
                    : Linear(inputSize: reversed[i], outputSize: reversed[i + 1], bias: bias, scope: scope, rng: &rng))
        }
        encoder = Sequential(encoderLayers, inputShape: [ModuleSummary.batch, sizes[0]])
        decoder = Sequential(decoderLayers, inputShape: [ModuleSummary.batch, sizes.last!])
    }

    public var children: [(name: String, module: any Module)] { [("encoder", encoder), ("decoder", decoder)] }

    public func replica() -> Self {
        var rng = RandomGenerator(seed: 0)
        return Self(sizes: sizes, activation: activation, bias: bias, tied: tied, corruption: corruption, rng: &rng)
    }
}

extension Tensor {
    /// `x²` element-wise.
    func squared() -> Tensor { self * self }
}

/// The mean of each row of a `[B, D]` tensor, in Double.
func rowMeans(_ t: Tensor) -> [Double] {
    let width = t.shape.last ?? 1
    return t.withUnsafeBufferPointer { p in
        (0..<(t.count / width)).map { r in (0..<width).reduce(0.0) { $0 + Double(p[r * width + $1]) } / Double(width) }
    }
}
