import TSNN
import TSSafetensors
import TSSupport
import TSTensor

/// A generative model built from a `GenerativeSpec`, with its model file: safetensors with
/// the PyTorch `state_dict` names of the model's parameters and the spec as JSON under the
/// metadata key `tsforecast.generative`.
public enum GenerativeModel {
    /// A dense or convolutional autoencoder.
    case autoencoder(any ReconstructingAutoencoder)
    /// A VAE or CVAE.
    case variational(VariationalAutoencoder)
    /// A GAN or WGAN.
    case adversarial(GenerativeAdversarialNetwork)

    /// The metadata key holding the spec.
    public static let metadataKey = "tsforecast.generative"

    /// A freshly initialised model of `spec`.
    public init(spec: GenerativeSpec, rng: inout RandomGenerator) {
        switch spec.kind {
        case .ae:
            self = .autoencoder(Autoencoder(sizes: [spec.inputSize] + spec.hidden + [spec.latentSize], activation: .tanh, tied: spec.tied, rng: &rng))
        case .convAE:
            self = .autoencoder(ConvAutoencoder(window: spec.inputSize, filters: spec.hidden, latentSize: spec.latentSize, rng: &rng))
        case .vae, .cvae:
            self = .variational(VariationalAutoencoder(
                inputSize: spec.inputSize, hidden: spec.hidden, latentSize: spec.latentSize,
                conditionSize: spec.kind == .cvae ? spec.conditionSize : 0, beta: spec.beta, rng: &rng))
        case .gan, .wgan:
            self = .adversarial(GenerativeAdversarialNetwork(
                noiseSize: spec.latentSize, dataSize: spec.inputSize, generatorHidden: spec.hidden, discriminatorHidden: spec.hidden,
                objective: spec.kind == .gan ? .nonSaturating : .wasserstein(clip: spec.clip), rng: &rng))
        }
    }

    /// The model as a module (for summaries and sub-model state dicts).
    public var module: any Module {
        switch self {
        case .autoencoder(let m): m
        case .variational(let m): m
        case .adversarial(let m): m
        }
    }

    /// The parameters.
    public var store: ParameterStore {
        switch self {
        case .autoencoder(let m): m.store
        case .variational(let m): m.store
        case .adversarial(let m): m.store
        }
    }

    /// Writes the parameters and `spec` to `url` (atomically).
    public func save(to url: URL, spec: GenerativeSpec) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(spec), as: UTF8.self)
        try SafetensorsFile(parameters: store, metadata: ["format": "pt", Self.metadataKey: json]).write(to: url)
    }

    /// Reads a model file written by `save`: rebuilds the model from its spec and loads
    /// every parameter (all must be present with their shapes, and nothing else).
    ///
    /// - Throws: `ModelFileError` naming the file.
    public static func load(from url: URL) throws -> (model: GenerativeModel, spec: GenerativeSpec) {
        let file = try SafetensorsFile.read(from: url)
        guard let json = file.metadata[metadataKey] else {
            throw ModelFileError.invalidHeader(path: file.path, reason: "no '\(metadataKey)' metadata: not a generative model file")
        }
        let spec: GenerativeSpec
        do {
            spec = try JSONDecoder().decode(GenerativeSpec.self, from: Data(json.utf8))
        } catch {
            throw ModelFileError.invalidHeader(path: file.path, reason: "unreadable '\(metadataKey)' metadata: \(error)")
        }
        var rng = RandomGenerator(seed: 0)
        let model = GenerativeModel(spec: spec, rng: &rng)
        try file.load(into: model.store)
        return (model, spec)
    }
}
