import TSNN

/// The whole state of a `Trainer` run at the end of an epoch: what a resumed run needs to
/// continue with exactly the updates an uninterrupted run would make.
///
/// - the stores' current values and buffers (batch norm's running statistics), and those
///   of the best epoch so far (the early-stopping candidate);
/// - the optimizer's state (`OptimizerState`: Adam's `m`, `v` and `t`; SGD's momentum) and
///   the plateau schedule (`ReduceLROnPlateau`: best, bad epochs, cooldown; the learning
///   rate is the optimizer's);
/// - the history, the best epoch and its loss (early stopping counts from it);
/// - the batch order: epoch `e` shuffles with the `e`-th permutation drawn from the
///   generator seeded by `config.seed`, so `epoch` determines it (a resumed run draws the
///   `epoch` permutations again and continues the stream);
/// - the configuration, which a resume must match (`Trainer.fit(_:resumingFrom:)`), and
///   `setup`, the caller's description of everything else that decides the run (data,
///   model, threads), compared by the caller.
///
/// - the generators the task draws from (`TrainingTask.randomGenerators`: dropout masks).
public struct TrainingCheckpoint: Sendable, Equatable {
    /// Epochs completed (the next one is `epoch + 1`).
    public var epoch: Int
    /// The records of epochs `1...epoch`.
    public var history: [EpochRecord]
    /// The best epoch so far (0 before any).
    public var bestEpoch: Int
    /// The monitored loss of `bestEpoch` (+∞ before any).
    public var bestLoss: Double
    /// Per store: the current parameter values.
    public var values: [[Float]]
    /// Per store: the current buffers (e.g. batch norm's running statistics).
    public var buffers: [[Float]]
    /// Per store: the parameter values of `bestEpoch`.
    public var bestValues: [[Float]]
    /// Per store: the buffers of `bestEpoch`.
    public var bestBuffers: [[Float]]
    /// The trainer's optimizer.
    public var optimizer: OptimizerState
    /// The plateau schedule, when `config.plateauPatience > 0`.
    public var plateau: ReduceLROnPlateau?
    /// The task's generators (`RandomGenerator.stateWords` of each).
    public var generators: [[UInt64]]
    /// The configuration of the run.
    public var config: TrainingConfig
    /// The caller's description of the run (e.g. the setup and data files as JSON); opaque
    /// to the trainer.
    public var setup: String

    /// A checkpoint of these parts (see the properties).
    public init(
        epoch: Int, history: [EpochRecord], bestEpoch: Int, bestLoss: Double, values: [[Float]], buffers: [[Float]],
        bestValues: [[Float]], bestBuffers: [[Float]], optimizer: OptimizerState, plateau: ReduceLROnPlateau?,
        generators: [[UInt64]], config: TrainingConfig, setup: String
    ) {
        self.epoch = epoch
        self.history = history
        self.bestEpoch = bestEpoch
        self.bestLoss = bestLoss
        self.values = values
        self.buffers = buffers
        self.bestValues = bestValues
        self.bestBuffers = bestBuffers
        self.optimizer = optimizer
        self.plateau = plateau
        self.generators = generators
        self.config = config
        self.setup = setup
    }

    /// Checks that this checkpoint can resume a run of `config` over `stores` with
    /// `generatorCount` generators.
    ///
    /// - Throws: `CheckpointError.mismatch` for another configuration, `.invalid` for state
    ///   whose sizes do not fit the stores.
    func check(config other: TrainingConfig, stores: [ParameterStore], generatorCount: Int, path: String) throws(CheckpointError) {
        guard config == other else {
            throw .mismatch(path: path, what: "training settings (\(Self.differences(config, other).joined(separator: ", ")))")
        }
        func fits(_ arrays: [[Float]], _ sizes: [Int], _ what: String) throws(CheckpointError) {
            guard arrays.map(\.count) == sizes else {
                throw .invalid(path: path, reason: "\(what) of \(arrays.map(\.count)) values, the model has \(sizes)")
            }
        }
        try fits(values, stores.map(\.count), "weights")
        try fits(bestValues, stores.map(\.count), "best weights")
        try fits(buffers, stores.map(\.bufferValues.count), "buffers")
        try fits(bestBuffers, stores.map(\.bufferValues.count), "best buffers")
        let parameters = stores.map(\.count).reduce(0, +)
        for (name, vector) in optimizer.vectors where !vector.isEmpty && vector.count != parameters {
            throw .invalid(path: path, reason: "optimizer state '\(name)' of \(vector.count) values, the model has \(parameters)")
        }
        guard epoch >= 0, epoch < config.epochs, history.count == epoch, bestEpoch <= epoch else {
            throw .invalid(path: path, reason: "epoch \(epoch) with \(history.count) history records, best epoch \(bestEpoch)")
        }
        guard generators.count == generatorCount, generators.allSatisfy({ $0.count == 4 }) else {
            throw .invalid(path: path, reason: "\(generators.count) random generators, the task has \(generatorCount)")
        }
        guard (config.plateauPatience > 0) == (plateau != nil) else {
            throw .invalid(path: path, reason: "plateau schedule state does not match the settings")
        }
    }

    /// The settings in which the checkpoint's `a` and the new run's `b` differ, with both values.
    private static func differences(_ a: TrainingConfig, _ b: TrainingConfig) -> [String] {
        zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).compactMap { x, y in
            String(describing: x.value) == String(describing: y.value) ? nil : x.label.map { "\($0): checkpoint \(x.value), now \(y.value)" }
        }
    }
}

/// Why a checkpoint could not be written, read or resumed from.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The checkpoint belongs to another run: `what` differs.
    case mismatch(path: String, what: String)
    /// The file is missing, unreadable, corrupt or inconsistent.
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .mismatch(let path, let what): "\(path): the checkpoint was written by a run with other \(what); resume with the same flags"
        case .invalid(let path, let reason): "\(path): unusable checkpoint: \(reason)"
        }
    }
}
