import TSSafetensors
import TSSupport

/// A classifier in a safetensors file: every parameter and buffer under its `state_dict`
/// name (`0.weight`, `1.running_mean`, …) and, in the metadata key
/// `tsforecast.classifier`, the JSON of `ClassifierFileMetadata` (the spec that rebuilds
/// the network, and how it was trained).
public enum ClassifierFile {
    /// The metadata key holding `ClassifierFileMetadata` as JSON.
    public static let metadataKey = "tsforecast.classifier"

    /// Writes `classifier` with `training` atomically to `path`.
    public static func save(_ classifier: Classifier, training: ClassifierTrainingReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(ClassifierFileMetadata(spec: classifier.spec, training: training)), as: UTF8.self)
        let file = SafetensorsFile(tensors: classifier.store.stateDict(), metadata: ["format": "pt", metadataKey: json])
        try file.write(to: URL(fileURLWithPath: path, isDirectory: false))
    }

    /// Whether the safetensors file `file` holds a classifier (rather than a forecaster).
    public static func isClassifier(_ file: SafetensorsFile) -> Bool { file.metadata[metadataKey] != nil }

    /// Reads `path`: the network its spec describes, with every parameter and buffer
    /// loaded by name (strictly: none missing, none left over, every shape equal).
    ///
    /// - Throws: `ModelFileError` naming the file.
    public static func load(_ path: String) throws -> (classifier: Classifier, metadata: ClassifierFileMetadata) {
        try load(SafetensorsFile.read(from: URL(fileURLWithPath: path, isDirectory: false)))
    }

    /// The classifier held by an already read file.
    public static func load(_ file: SafetensorsFile) throws -> (classifier: Classifier, metadata: ClassifierFileMetadata) {
        guard let json = file.metadata[metadataKey] else {
            throw ModelFileError.invalidHeader(path: file.path, reason: "no '\(metadataKey)' metadata: not a tsforecast classifier file")
        }
        let metadata: ClassifierFileMetadata
        do {
            metadata = try JSONDecoder().decode(ClassifierFileMetadata.self, from: Data(json.utf8))
        } catch {
            throw ModelFileError.invalidHeader(path: file.path, reason: "unreadable '\(metadataKey)' metadata: \(error)")
        }
        let spec = metadata.spec
        guard spec.classes.count >= 2, spec.length >= 1, spec.kind != .lenet || (spec.imageSide ?? 1) % 4 == 0 else {
            throw ModelFileError.invalidHeader(path: file.path, reason: "inconsistent classifier spec \(json)")
        }
        let classifier = Classifier(spec: spec, seed: 0)
        let store = classifier.store
        let parameters = try store.entries.map { try file.tensor($0.name, shape: $0.shape) }
        let buffers = try store.bufferEntries.map { try file.tensor($0.name, shape: $0.shape) }
        let unexpected = Set(file.tensors.keys).subtracting(store.entries.map(\.name) + store.bufferEntries.map(\.name))
        guard unexpected.isEmpty else { throw ModelFileError.unexpectedTensors(path: file.path, names: unexpected.sorted()) }
        for (entry, value) in zip(store.entries, parameters) { store.setValue(entry, value) }
        for (entry, value) in zip(store.bufferEntries, buffers) { store.setBufferValue(entry, value) }
        return (classifier, metadata)
    }
}

/// What a classifier file's metadata holds.
public struct ClassifierFileMetadata: Codable, Sendable {
    /// What rebuilds the network.
    public var spec: ClassifierSpec
    /// How it was trained.
    public var training: ClassifierTrainingReport
}

/// How a classifier was trained, as `classify train --json` prints it and the model file keeps it.
public struct ClassifierTrainingReport: Codable, Sendable, Equatable {
    /// The architecture's name (`ClassifierKind.rawValue`).
    public var model: String
    /// Number of trained parameters.
    public var parameters: Int
    /// Training samples (held-out rows excluded).
    public var samples: Int
    /// Epochs run.
    public var epochs: Int
    /// The epoch whose weights (and batch-norm statistics) were kept.
    public var bestEpoch: Int
    /// The training seed.
    public var seed: UInt64
    /// The last finished epoch's mean training loss; `nil` when training failed in the first epoch.
    public var finalLoss: Double?
    /// Accuracy on the training rows (held-out rows excluded), in evaluation mode, with the kept weights.
    public var trainAccuracy: Double
    /// Wall-clock training time, seconds.
    public var seconds: Double
    /// The threads a training step could use (`TrainingConfig.threads`); `nil` in files
    /// written before it was recorded.
    public var threads: Int?

    /// A report with the given fields.
    public init(
        model: String, parameters: Int, samples: Int, epochs: Int, bestEpoch: Int, seed: UInt64, finalLoss: Double?,
        trainAccuracy: Double, seconds: Double, threads: Int? = nil
    ) {
        self.threads = threads
        self.model = model
        self.parameters = parameters
        self.samples = samples
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.seed = seed
        self.finalLoss = finalLoss
        self.trainAccuracy = trainAccuracy
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case model, parameters, samples, epochs, seed, seconds, threads
        case bestEpoch = "best_epoch"
        case finalLoss = "final_loss"
        case trainAccuracy = "train_accuracy"
    }
}
