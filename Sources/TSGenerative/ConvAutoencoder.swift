import TSNN
import TSTensor

/// A 1-D convolutional autoencoder over windows of `C` channels and `W` steps, taken as
/// rows `x [B, C·W]` (channel-major: the `W` values of channel 0, then channel 1, …) so it
/// trains, scores and embeds like the dense `Autoencoder`.
///
/// With `filters = [f₁, …, f_L]`, kernel `k` (odd) and `p = (k − 1)/2`, every convolution
/// halves the time axis and every transposed convolution doubles it (`W` divisible by `2^L`,
/// `W_L = W/2^L`):
///
/// - encoder: `Unflatten → [B, C, W]`, `Conv1d(C→f₁, k, stride 2, padding p)`, `act`, …,
///   `Conv1d(f_{L−1}→f_L)` `→ [B, f_L, W_L]`, then with a bottleneck `act`, `Flatten`,
///   `Linear(f_L·W_L → K)` (the code `[B, K]`, linear), without one `Flatten` (the code
///   `[B, f_L·W_L]`);
/// - decoder: with a bottleneck `Linear(K → f_L·W_L)`, `act`, then `Unflatten → [B, f_L, W_L]`,
///   `ConvTranspose1d(f_L→f_{L−1}, k, stride 2, padding p, output_padding 1)`, `act`, …,
///   `ConvTranspose1d(f₁→C)` (linear output), `Flatten → [B, C·W]`.
///
/// PyTorch names are those of the same two `nn.Sequential`s (`nn.Unflatten(1, (C, W))`,
/// `nn.Conv1d`, `nn.Tanh`, …, `nn.Flatten()`, `nn.Linear`): `encoder.1.weight`,
/// `encoder.3.weight`, …, `decoder.0.weight`, `decoder.3.weight`, …
///
/// Loss and corruption (the denoising option) as for every `ReconstructingAutoencoder`:
/// `L = (1/(B·C·W)) Σ (x̂ − x)²` against the clean `x`.
public final class ConvAutoencoder: ReconstructingAutoencoder {
    public let store: ParameterStore
    /// `[B, C·W] → [B, K]` (or `[B, f_L·W_L]` without a bottleneck).
    public let encoder: Sequential
    /// The code `→ [B, C·W]`.
    public let decoder: Sequential
    public let corruption: Corruption?
    /// `C`, the channels of a window.
    public let channels: Int
    /// `W`, the window's length.
    public let window: Int
    /// `[f₁, …, f_L]`, the channels after each convolution.
    public let filters: [Int]
    /// `k`, the taps of every (transposed) convolution.
    public let kernelSize: Int
    /// `K`, the width of the dense bottleneck, or `nil` for none.
    public let latentSize: Int?
    /// The activation after every hidden layer.
    public let activation: Activation.Kind

    /// Why windows of `window` steps do not fit `layers` stride-2 convolutions, or `nil`
    /// when they do (`window` a positive multiple of `2^layers`).
    public static func windowProblem(window: Int, layers: Int) -> String? {
        let factor = 1 << layers
        guard window <= 0 || window % factor != 0 else { return nil }
        return "a convolutional autoencoder with \(layers) layer\(layers == 1 ? "" : "s") halves the window \(layers) time\(layers == 1 ? "" : "s"), so the window must be a positive multiple of \(factor), got \(window)"
    }

    /// A convolutional autoencoder built in `store` (PyTorch's default initialisation).
    public init(
        channels: Int = 1, window: Int, filters: [Int], kernelSize: Int = 5, latentSize: Int?, activation: Activation.Kind = .tanh,
        corruption: Corruption? = nil, store: ParameterStore = ParameterStore(), rng: inout RandomGenerator
    ) {
        precondition(channels > 0 && !filters.isEmpty && filters.allSatisfy { $0 > 0 }, "ConvAutoencoder: channels and filters must be positive, got \(channels), \(filters)")
        precondition(kernelSize > 0 && kernelSize % 2 == 1, "ConvAutoencoder: the kernel size must be odd, got \(kernelSize)")
        precondition(latentSize.map { $0 > 0 } ?? true, "ConvAutoencoder: the latent size must be positive")
        if let problem = Self.windowProblem(window: window, layers: filters.count) { preconditionFailure("ConvAutoencoder: \(problem)") }
        (self.store, self.channels, self.window, self.filters, self.kernelSize, self.latentSize) = (store, channels, window, filters, kernelSize, latentSize)
        self.corruption = corruption
        self.activation = activation
        let padding = (kernelSize - 1) / 2
        let shortest = window >> filters.count, deepest = filters.last! * (window >> filters.count)
        let widths = [channels] + filters
        let (encoderScope, decoderScope) = (store.scope("encoder"), store.scope("decoder"))

        var encoderLayers: [any Layer] = [Unflatten([channels, window])]
        for i in filters.indices {
            if i > 0 { encoderLayers.append(Activation(activation)) }
            encoderLayers.append(Convolution.conv1d(
                inChannels: widths[i], outChannels: widths[i + 1], kernelSize: kernelSize, stride: 2, padding: .explicit(padding),
                scope: encoderScope.child(encoderLayers.count), rng: &rng))
        }
        if latentSize != nil { encoderLayers.append(Activation(activation)) }
        encoderLayers.append(Flatten())
        if let latentSize {
            encoderLayers.append(Linear(inputSize: deepest, outputSize: latentSize, scope: encoderScope.child(encoderLayers.count), rng: &rng))
        }

        var decoderLayers: [any Layer] = []
        if let latentSize {
            decoderLayers.append(Linear(inputSize: latentSize, outputSize: deepest, scope: decoderScope.child(0), rng: &rng))
            decoderLayers.append(Activation(activation))
        }
        decoderLayers.append(Unflatten([filters.last!, shortest]))
        for i in filters.indices.reversed() {
            decoderLayers.append(TransposedConvolution(
                inChannels: widths[i + 1], outChannels: widths[i], kernelSize: kernelSize, stride: 2, padding: padding, outputPadding: 1,
                scope: decoderScope.child(decoderLayers.count), rng: &rng))
            if i > 0 { decoderLayers.append(Activation(activation)) }
        }
        decoderLayers.append(Flatten())
        encoder = Sequential(encoderLayers, inputShape: [ModuleSummary.batch, channels * window])
        decoder = Sequential(decoderLayers, inputShape: [ModuleSummary.batch, latentSize ?? deepest])
    }

    public var children: [(name: String, module: any Module)] { [("encoder", encoder), ("decoder", decoder)] }

    public func replica() -> Self {
        var rng = RandomGenerator(seed: 0)
        return Self(
            channels: channels, window: window, filters: filters, kernelSize: kernelSize, latentSize: latentSize,
            activation: activation, corruption: corruption, rng: &rng)
    }
}
