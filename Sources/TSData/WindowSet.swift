import TSTensor

/// Which time steps of a window count in the loss.
///
/// Chosen by configuration and carried with the windows, so a trainer picks its fast path
/// from the setup, never by scanning a batch's weights.
public enum LossSpan: Sendable, Equatable {
    /// Every target (a regressor's `O` targets; every step of a sub-sequence).
    case every
    /// Only the last step of each `T`-step window (a lag window: `T − 1` steps of context).
    case lastStep
    /// Every step after the first `W` of each sub-sequence (the washout).
    case afterWashout(Int)
}

/// One gathered batch of windows, whatever their shape.
///
/// - regressor windows (`NARXWindows`): `inputs [B, F]`, `targets [B, O]`, `weights nil`;
/// - sub-sequences (`SequenceWindows`): time-major `inputs [T, B, F]`, `targets [T, B, 1]`,
///   `weights [T, B, 1]` (1 where a step counts in the loss; 0 in the washout and in the
///   zero padding after a sequence shorter than `T`).
public struct WindowBatch: Sendable {
    /// The network inputs.
    public var inputs: Tensor
    /// The targets, shaped as the network's output.
    public var targets: Tensor
    /// Loss weights of the targets' shape, or `nil` for all ones.
    public var weights: Tensor?
    /// The first target row of each window (empty for batches not drawn from a dataset).
    public var samples: [SampleRef]
    /// The time steps each window spans in `inputs` (`1` for a regressor window).
    public var steps: [Int]

    /// A batch of `inputs`, `targets` and optional loss `weights`.
    public init(inputs: Tensor, targets: Tensor, weights: Tensor? = nil, samples: [SampleRef] = [], steps: [Int] = []) {
        self.inputs = inputs
        self.targets = targets
        self.weights = weights
        self.samples = samples
        self.steps = steps
    }
}

/// The windows of one part of a dataset, gathered into batches on demand.
///
/// The one vocabulary every training task reads: `NARXWindows` (feed-forward regressors)
/// and `SequenceWindows` (recurrent sub-sequences) conform, with memory O(segments) plus the
/// batch.
public protocol WindowSet: Sendable {
    /// Number of windows `N`.
    var count: Int { get }
    /// Which steps of each window the loss reads.
    var lossSpan: LossSpan { get }
    /// The first target row of window `i` (`i < count`).
    func sample(_ i: Int) -> SampleRef
    /// Windows `indices` (each in `0..<count`) as one batch, `B = indices.count`.
    func batch(_ indices: some Collection<Int>) -> WindowBatch
}
