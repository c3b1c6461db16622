import Synchronization
import TSData
import TSNN
import TSRecurrent
import TSSafetensors
import TSSupport
import TSTensor
import TSTraining

/// Everything besides the weights that a model file must hold to forecast: stored as JSON
/// under the safetensors `__metadata__` key `tsforecast`.
public struct ModelMetadata: Codable, Sendable {
    /// `"tsforecast-model"`.
    public var format: String
    /// Schema version; a file of a newer version is refused.
    public var version: Int
    /// The network's shape (kind, sizes, loss).
    public var network: NetworkSpec
    /// How the network reads rows (context window or NARX regressor).
    public var layout: InputLayout
    /// The setup of the training run.
    public var setup: ForecastSetup
    /// The columns read, by header name.
    public var columns: ColumnInfo
    /// Target transform and scalers, fitted on the training part.
    public var preprocessing: Preprocessor
    /// How the training file's time column was written and its regular step, for
    /// extrapolating forecast times.
    public var timeKind: TimeAxis.Kind?
    /// The regular step between the training file's times, when it has one.
    public var timeStep: TimeStep?
    /// The training run (history, test metrics, baselines); `nil` for imported models.
    public var training: TrainingReport?
    /// The series of a global model, each with its own preprocessing; `nil` for a model
    /// of one series.
    public var global: GlobalSeries?

    /// The value of `format` in every model file.
    public static let formatName = "tsforecast-model"
    /// The newest schema version this library reads. It writes version 1 for a single
    /// network and `ensembleVersion` for an ensemble (whose tensors older builds cannot
    /// place), so single-model files stay readable by builds before ensembles.
    public static let currentVersion = 2
    /// The schema version of a file holding several members (`ForecastSetup.ensemble` > 1).
    public static let ensembleVersion = 2

    /// `JSONDecoder.userInfo` key: `true` leaves `training` out (`nil`) when decoding, for
    /// loads that only apply the model (its per-epoch history and reports are about half
    /// of the metadata's decoding time).
    static let skipsTrainingReport = CodingUserInfoKey(rawValue: "tsforecast.skipsTrainingReport")!
}

extension ModelMetadata {
    /// Decodes every field; `training` only unless `userInfo[skipsTrainingReport]` is `true`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        network = try c.decode(NetworkSpec.self, forKey: .network)
        layout = try c.decode(InputLayout.self, forKey: .layout)
        setup = try c.decode(ForecastSetup.self, forKey: .setup)
        columns = try c.decode(ColumnInfo.self, forKey: .columns)
        preprocessing = try c.decode(Preprocessor.self, forKey: .preprocessing)
        timeKind = try c.decodeIfPresent(TimeAxis.Kind.self, forKey: .timeKind)
        timeStep = try c.decodeIfPresent(TimeStep.self, forKey: .timeStep)
        global = try c.decodeIfPresent(GlobalSeries.self, forKey: .global)
        let skips = decoder.userInfo[Self.skipsTrainingReport] as? Bool ?? false
        training = skips ? nil : try c.decodeIfPresent(TrainingReport.self, forKey: .training)
    }
}

/// A trained forecaster: the network with its weights and the metadata to prepare data
/// and read predictions in original units. Saved as safetensors whose tensors load into
/// the equivalent PyTorch modules (see `ForecastNetwork`).
///
/// An ensemble (`ForecastSetup.ensemble` = N > 1) is one model with N member networks of
/// the same spec (`members`, `network` being member 0) and one metadata; its forecasts
/// combine the members' (`ForecastSetup.ensembleCombine`; see `oneStep` and `rollOut`),
/// and `ensembleMember(_:)` views one member as a model of its own.
///
/// Concurrency: a model may be shared between tasks and threads for `forecast`,
/// `evaluate`, `summary` and `save`, which only read it; its network's passes (which reuse
/// per-network work buffers) run one at a time under a lock, everything around them in
/// parallel. Changing `metadata`, or training or changing `network` directly, while
/// another task uses the model is a data race: finish such changes before sharing it.
public final class ForecastModel: @unchecked Sendable {
    /// The trained network (of an ensemble: member 0).
    public let network: ForecastNetwork
    /// Every member network, `members[0] === network`; one element unless the model is an
    /// ensemble.
    public let members: [ForecastNetwork]
    /// Everything besides the weights (setup, columns, preprocessing, training report).
    public var metadata: ModelMetadata
    /// The verified tensor-data checksum (`"crc32c:…"`) of the file this model was loaded
    /// from; `nil` for a model built in memory or read from a file written without one.
    public private(set) var checksum: String?
    /// Serialises inference passes of the member networks (see the type's concurrency
    /// note); shared with the views of this model's networks (`view(of:metadata:)`).
    private let passLock: PassLock
    /// The threads one inference pass may use (`forecast`, `evaluate`, `backtest` on this
    /// model); one by default, which suits many concurrent forecasts. Set it before
    /// sharing the model, like `metadata`.
    public var threads: ComputeThreads = .single

    /// A model of `network` described by `metadata`.
    public convenience init(network: ForecastNetwork, metadata: ModelMetadata) {
        self.init(members: [network], metadata: metadata)
    }

    /// A model of the member networks `members` (all of `metadata.network`'s spec)
    /// described by `metadata`; more than one makes an ensemble.
    ///
    /// - Precondition: `members.count == metadata.setup.ensemble` (≥ 1).
    public convenience init(members: [ForecastNetwork], metadata: ModelMetadata) {
        self.init(members: members, metadata: metadata, passLock: PassLock())
    }

    private init(members: [ForecastNetwork], metadata: ModelMetadata, passLock: PassLock) {
        precondition(
            !members.isEmpty && members.count == metadata.setup.ensemble,
            "ForecastModel: \(members.count) networks for an ensemble of \(metadata.setup.ensemble)")
        self.network = members[0]
        self.members = members
        self.metadata = metadata
        self.passLock = passLock
    }

    /// A model of `networks` (some or all of this model's, shared, not copied; one per
    /// `metadata.setup.ensemble` member) described by `metadata`, with this model's
    /// `threads`; its passes and this model's run one at a time (one lock), so both may be
    /// used from several threads at once.
    func view(of networks: [ForecastNetwork], metadata: ModelMetadata) -> ForecastModel {
        let view = ForecastModel(members: networks, metadata: metadata, passLock: passLock)
        view.threads = threads
        return view
    }

    /// Member `member`'s inference pass on `input` (`[B, …]` as the layout builds it), one
    /// caller at a time.
    func predict(_ input: Tensor, member: Int = 0) -> Tensor {
        passLock.mutex.withLock { _ in members[member].forward(input, training: false, tape: .inference(threads: threads)) }
    }

    /// Member `member`'s inference pass of one chunk of a stateful model (`input [T, B, F]`
    /// from `state`), one caller at a time; returns the outputs and the final state.
    func predict(_ input: Tensor, state: RecurrentState?, member: Int) -> (output: Tensor, finalState: RecurrentState) {
        passLock.mutex.withLock { _ in members[member].forward(input, state: state, training: false, tape: .inference(threads: threads)) }
    }

    /// The lock of a model's inference passes, shared by reference with its views.
    private final class PassLock: Sendable {
        let mutex = Mutex(())
    }

    /// Writes the model atomically (temporary file + rename), with the checksum of all its
    /// tensor data in the metadata (`SafetensorsChecksum`). An ensemble's tensors are named
    /// `members.<i>.<name>` (`memberTensors()`), and its metadata `version` is
    /// `ModelMetadata.ensembleVersion`.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var stored = metadata
        if members.count > 1 { stored.version = ModelMetadata.ensembleVersion }
        let json = String(decoding: try encoder.encode(stored), as: UTF8.self)
        try SafetensorsFile(tensors: memberTensors(), metadata: ["format": "pt", "tsforecast": json]).write(to: url, checksum: true)
    }

    /// Reads and validates a model file: the tensor data must match its checksum when the
    /// file has one, the metadata must be a supported version and every tensor the network
    /// needs must be present with its shape. With
    /// `trainingReport: false` the training run's report is not decoded (`training` is
    /// `nil`): for forecasting and evaluation, which do not read it.
    public static func load(from url: URL, trainingReport: Bool = true) throws -> ForecastModel {
        let file = try SafetensorsFile.read(from: url)
        guard let json = file.metadata["tsforecast"] else {
            throw ModelFileError.invalidHeader(path: file.path, reason: "no 'tsforecast' metadata: not a tsforecast model file")
        }
        let metadata: ModelMetadata
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[ModelMetadata.skipsTrainingReport] = !trainingReport
            metadata = try decoder.decode(ModelMetadata.self, from: Data(json.utf8))
        } catch {
            throw ModelFileError.invalidHeader(path: file.path, reason: "unreadable 'tsforecast' metadata: \(error)")
        }
        guard metadata.format == ModelMetadata.formatName, metadata.version <= ModelMetadata.currentVersion else {
            throw ModelFileError.invalidHeader(
                path: file.path, reason: "metadata format '\(metadata.format)' version \(metadata.version); this build reads '\(ModelMetadata.formatName)' up to version \(ModelMetadata.currentVersion)")
        }
        guard metadata.layout.featureCount == metadata.network.inputSize, metadata.layout.outputCount == metadata.network.outputSize,
            metadata.preprocessing.inputScalers.count == metadata.columns.inputs.count
        else {
            throw ModelFileError.invalidHeader(path: file.path, reason: "metadata is inconsistent: layout, network sizes and columns disagree")
        }
        let count = metadata.setup.ensemble
        let elements = file.tensors.values.reduce(0) { $0 + $1.count }
        guard count >= 1, elements % count == 0 else {
            throw ModelFileError.invalidHeader(path: file.path, reason: "the file's \(elements) tensor elements do not split into \(count) ensemble members")
        }
        if let problem = metadata.network.mismatch(parameters: elements / count) {
            throw ModelFileError.invalidHeader(path: file.path, reason: problem)
        }
        let model = ForecastModel(members: try loadMembers(file, spec: metadata.network, count: count), metadata: metadata)
        model.checksum = file.metadata[SafetensorsFile.checksumKey]
        return model
    }

    /// Loads `file` with this model's columns and missing-value policy (see
    /// `SeriesLoader.load` for `allowFuture`).
    public func load(file: String, allowFuture: Bool) throws -> LoadedSeries {
        try SeriesLoader.load(file: file, setup: readingSetup, allowFuture: allowFuture)
    }

    /// The setup with the columns the model was trained on, for reading its series.
    var readingSetup: ForecastSetup {
        var setup = metadata.setup
        (setup.target, setup.inputs, setup.timeColumn) = (metadata.columns.target, metadata.columns.inputs, metadata.columns.time)
        return setup
    }
}
