/// Everything an optimizer carries from one step to the next, for checkpoints: the learning
/// rate (schedules change it), the step count and the named per-parameter state vectors,
/// each empty (not allocated yet, or unused by the settings) or one value per parameter of
/// the store it steps.
///
/// Names follow PyTorch's `state_dict`: Adam `exp_avg` (`m`), `exp_avg_sq` (`v`); SGD
/// `momentum_buffer` (`b`); RMSProp `square_avg` (`v`), `grad_avg` (`ḡ`),
/// `momentum_buffer` (`b`).
public struct OptimizerState: Sendable, Equatable {
    /// `η` at the time of the snapshot.
    public var learningRate: Float
    /// Steps taken (Adam's `t`; 0 for optimizers without bias correction).
    public var stepCount: Int
    /// The state vectors by name.
    public var vectors: [String: [Float]]

    /// A state of `stepCount` steps at `learningRate` with its named vectors.
    public init(learningRate: Float, stepCount: Int, vectors: [String: [Float]]) {
        self.learningRate = learningRate
        self.stepCount = stepCount
        self.vectors = vectors
    }
}

/// An optimizer whose state can be saved and put back, so training can stop and resume
/// with the same updates as an uninterrupted run.
public protocol StatefulOptimizer: Optimizer {
    /// The current state.
    var state: OptimizerState { get }
    /// Replaces the state with `state` (from `state` of an optimizer of the same type and
    /// settings).
    ///
    /// - Throws: `OptimizerStateMismatch` when `state` names other vectors than this
    ///   optimizer keeps; nothing is changed then.
    func restore(_ state: OptimizerState) throws(OptimizerStateMismatch)
}

/// A saved optimizer state that does not belong to the optimizer it was given to.
public struct OptimizerStateMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The vector names the optimizer keeps, sorted.
    public var expected: [String]
    /// The names the state holds, sorted.
    public var found: [String]
    public var description: String {
        "optimizer state holds [\(found.joined(separator: ", "))], the optimizer keeps [\(expected.joined(separator: ", "))]"
    }
}

extension StatefulOptimizer {
    /// Checks that `state` holds exactly the vectors `names` and returns them in that order.
    func vectors(_ names: [String], of state: OptimizerState) throws(OptimizerStateMismatch) -> [[Float]] {
        guard Set(state.vectors.keys) == Set(names) else {
            throw OptimizerStateMismatch(expected: names.sorted(), found: state.vectors.keys.sorted())
        }
        return names.map { state.vectors[$0]! }
    }
}
