import TSNN
import TSSafetensors
import TSSupport
import TSTensor

/// A `TrainingCheckpoint` on disk: one safetensors file whose tensors are the arrays (per
/// store `i`: `store{i}.values`, `store{i}.buffers`, `store{i}.best_values`,
/// `store{i}.best_buffers`; the optimizer's `optimizer.{name}`; empty arrays are left out)
/// and whose metadata key `tsforecast_checkpoint` holds the rest as JSON (epoch, history,
/// best epoch and loss, optimizer learning rate and step, plateau schedule, the task's
/// generator states, configuration, setup, and each array's length). The file carries the CRC-32C of its tensor data
/// (`SafetensorsChecksum`), verified on reading.
///
/// One file, so a checkpoint is replaced in one `rename`: written to a temporary file in
/// the same directory, synced, then renamed over the old one (`writeAtomically`). A process
/// killed at any moment leaves the previous checkpoint or the new one, never a mix.
extension TrainingCheckpoint {
    /// The metadata key of the JSON part.
    public static let metadataKey = "tsforecast_checkpoint"
    /// The version of the JSON part this code writes and reads.
    static let version = 1

    /// Writes the checkpoint to `url` atomically.
    ///
    /// - Throws: `AtomicFileError` naming `url.path`.
    public func write(to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        func put(_ name: String, _ array: [Float]) {
            if !array.isEmpty { tensors[name] = Tensor(shape: [array.count], scalars: array) }
        }
        for i in values.indices {
            put("store\(i).values", values[i])
            put("store\(i).buffers", buffers[i])
            put("store\(i).best_values", bestValues[i])
            put("store\(i).best_buffers", bestBuffers[i])
        }
        for (name, vector) in optimizer.vectors { put("optimizer.\(name)", vector) }
        let document = CheckpointDocument(
            version: Self.version, epoch: epoch, history: history, bestEpoch: bestEpoch, bestLoss: bestLoss,
            stores: values.indices.map { .init(values: values[$0].count, buffers: buffers[$0].count) },
            optimizer: .init(
                learningRate: optimizer.learningRate, stepCount: optimizer.stepCount,
                vectors: optimizer.vectors.mapValues(\.count)),
            plateau: plateau, generators: generators, config: config, setup: setup)
        let json = String(decoding: try CheckpointDocument.encoder.encode(document), as: UTF8.self)
        try SafetensorsFile(tensors: tensors, metadata: [Self.metadataKey: json]).write(to: url, checksum: true)
    }

    /// Reads the checkpoint at `url`.
    ///
    /// - Throws: `CheckpointError.invalid` naming `url.path`: missing or unreadable file,
    ///   a safetensors error (bad header, checksum mismatch), no or malformed JSON part,
    ///   another version, tensors missing or of the wrong length.
    public static func read(from url: URL) throws(CheckpointError) -> TrainingCheckpoint {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw .invalid(path: path, reason: "no such file") }
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile.read(from: url)
        } catch let error as ModelFileError {
            let text = error.description
            throw .invalid(path: path, reason: text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text)
        } catch {
            throw .invalid(path: path, reason: "\(error)")
        }
        guard file.metadata[SafetensorsFile.checksumKey] != nil else {
            throw .invalid(path: path, reason: "no checksum of its tensor data")
        }
        guard let json = file.metadata[metadataKey] else {
            throw .invalid(path: path, reason: "no '\(metadataKey)' metadata (not a training checkpoint)")
        }
        let document: CheckpointDocument
        do {
            document = try CheckpointDocument.decoder.decode(CheckpointDocument.self, from: Data(json.utf8))
        } catch {
            throw .invalid(path: path, reason: "malformed '\(metadataKey)' metadata")
        }
        guard document.version == version else {
            throw .invalid(path: path, reason: "version \(document.version), this tsforecast reads version \(version)")
        }
        func array(_ name: String, count: Int) throws(CheckpointError) -> [Float] {
            guard count >= 0 else { throw .invalid(path: path, reason: "negative length of '\(name)'") }
            if count == 0 { return [] }
            guard let tensor = file.tensors[name], tensor.shape == [count] else {
                throw .invalid(path: path, reason: "tensor '\(name)' missing or not of shape [\(count)]")
            }
            return tensor.scalars
        }
        var values: [[Float]] = [], buffers: [[Float]] = [], bestValues: [[Float]] = [], bestBuffers: [[Float]] = []
        for (i, store) in document.stores.enumerated() {
            values.append(try array("store\(i).values", count: store.values))
            buffers.append(try array("store\(i).buffers", count: store.buffers))
            bestValues.append(try array("store\(i).best_values", count: store.values))
            bestBuffers.append(try array("store\(i).best_buffers", count: store.buffers))
        }
        var vectors: [String: [Float]] = [:]
        for (name, count) in document.optimizer.vectors { vectors[name] = try array("optimizer.\(name)", count: count) }
        return TrainingCheckpoint(
            epoch: document.epoch, history: document.history, bestEpoch: document.bestEpoch, bestLoss: document.bestLoss,
            values: values, buffers: buffers, bestValues: bestValues, bestBuffers: bestBuffers,
            optimizer: OptimizerState(
                learningRate: document.optimizer.learningRate, stepCount: document.optimizer.stepCount, vectors: vectors),
            plateau: document.plateau, generators: document.generators, config: document.config, setup: document.setup)
    }
}

/// The JSON part of a checkpoint file.
private struct CheckpointDocument: Codable {
    struct Store: Codable {
        var values: Int
        var buffers: Int
    }
    struct Optimizer: Codable {
        var learningRate: Float
        var stepCount: Int
        /// The length of each state vector.
        var vectors: [String: Int]
    }
    var version: Int
    var epoch: Int
    var history: [EpochRecord]
    var bestEpoch: Int
    var bestLoss: Double
    var stores: [Store]
    var optimizer: Optimizer
    var plateau: ReduceLROnPlateau?
    var generators: [[UInt64]]
    var config: TrainingConfig
    var setup: String

    /// +∞ (the best loss before any epoch, the plateau schedule's start) as a string.
    static let floats = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: floats.positiveInfinity, negativeInfinity: floats.negativeInfinity, nan: floats.nan)
        return encoder
    }
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: floats.positiveInfinity, negativeInfinity: floats.negativeInfinity, nan: floats.nan)
        return decoder
    }
}
