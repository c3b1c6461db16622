import TSTensor

/// L-step sub-sequences for recurrent training (one-step-ahead at every step, or `H` steps
/// ahead with a direct multi-horizon head).
///
/// Step `t` of a sub-sequence whose first target row is `k₀` predicts `y(k … k+H−1)`,
/// `k = k₀ + t`, from the features `[y(k−1), u₁(k−nk₁), …, u_m(k−nk_m)]` (`F = 1 + m`;
/// `H = horizon`, 1 for one-step models), followed by the `SeasonalInputs` block of row `k`
/// when `seasonal` is set (`y(k−s)` per seasonal lag, the calendar pairs of `t(k)`). Sub-sequences of
/// length `L` start every `stride` rows (`stride = L`: back to back; `< L`: overlapping);
/// `length = nil` unfolds each whole gap-free stretch of the part (`L = T`, one sequence per
/// stretch). The first `washout` steps of each sub-sequence are left out of the loss.
public struct SequenceSpec: Sendable, Codable, Equatable {
    /// `L`, or `nil` for the whole gap-free stretch.
    public var length: Int?
    /// Rows between consecutive sub-sequence starts (ignored when `length == nil`).
    public var stride: Int
    /// `W`: leading steps of each sub-sequence with loss weight 0 (`W < L`).
    public var washout: Int
    /// `nk` of each exogenous input, in `Dataset.inputNames` order.
    public var inputDelays: [Int]
    /// Seasonal lags and calendar features after the inputs (`nil`: none; model files
    /// written before they existed decode as `nil`). Its `steps` must be 1.
    public var seasonal: SeasonalInputs?
    /// `H`: targets per step, `y(k … k+H−1)` (1: one step ahead). A step's targets must all
    /// lie in the part, so the last `H − 1` rows of a stretch end no sub-sequence.
    public var horizon: Int

    /// Sub-sequences of `length` every `stride` rows (default `stride = length`), each step
    /// predicting `horizon` values, with the `seasonal` block (one value per derived series)
    /// in every step, if any.
    public init(
        length: Int?, stride: Int? = nil, washout: Int = 0, inputDelays: [Int] = [], seasonal: SeasonalInputs? = nil, horizon: Int = 1
    ) {
        precondition((length ?? 1) >= 1 && washout >= 0 && inputDelays.allSatisfy { $0 >= 0 } && horizon >= 1,
                     "SequenceSpec: length \(String(describing: length)), washout \(washout), delays \(inputDelays), horizon \(horizon)")
        precondition(length.map { washout < $0 } ?? true, "SequenceSpec: washout \(washout) must be < length \(length ?? 0)")
        self.length = length
        self.stride = stride ?? length ?? 1
        self.washout = washout
        self.inputDelays = inputDelays
        precondition(seasonal.map { $0.steps == 1 } ?? true, "SequenceSpec: seasonal inputs need steps 1")
        self.seasonal = seasonal
        self.horizon = horizon
        precondition(self.stride >= 1, "SequenceSpec: stride \(self.stride) must be ≥ 1")
    }

    /// `F = 1 + m + seasonal.featureCount`.
    public var featureCount: Int { 1 + inputDelays.count + (seasonal?.featureCount ?? 0) }

    /// Rows needed before the first target: `max(1, max nk, max s)`.
    public var history: Int { inputDelays.reduce(max(1, seasonal?.history ?? 0), max) }

    /// Decodes a spec; `horizon` is 1 and `seasonal` `nil` when absent (files written before
    /// they existed).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        length = try c.decodeIfPresent(Int.self, forKey: .length)
        stride = try c.decode(Int.self, forKey: .stride)
        washout = try c.decode(Int.self, forKey: .washout)
        inputDelays = try c.decode([Int].self, forKey: .inputDelays)
        seasonal = try c.decodeIfPresent(SeasonalInputs.self, forKey: .seasonal)
        horizon = try c.decodeIfPresent(Int.self, forKey: .horizon) ?? 1
    }
}

extension SequenceSpec {
    /// Writes the step features `[y(k−1), u₁(k−nk₁), …, u_m(k−nk_m)]` and the seasonal
    /// block of row `k` of `recording` (`F = featureCount` values) to `x`.
    public func features(of recording: Recording, at k: Int, into x: UnsafeMutablePointer<Float>) {
        x[0] = recording.target[k - 1]
        for (j, delay) in inputDelays.enumerated() { x[1 + j] = recording.inputs[j][k - delay] }
        seasonal?.write(of: recording, at: k, into: x + 1 + inputDelays.count)
    }
}

/// The sub-sequences of one part, gathered on demand into `WindowBatch`es.
///
/// A sub-sequence belongs to the part when all its target rows do; its first step may read
/// `history` earlier rows of the same segment. Memory O(segments) plus the batch.
public struct SequenceWindows: WindowSet {
    /// The sub-sequence shape.
    public let spec: SequenceSpec
    private let dataset: Dataset
    private let index: WindowIndex

    /// The sub-sequences whose targets lie in `rows[r]` of each recording `r`.
    ///
    /// - Throws: `DataError.Kind.tooFewRows` when no sub-sequence fits.
    public init(_ dataset: Dataset, spec: SequenceSpec, rows: [Range<Int>], context: String = "the sub-sequences") throws {
        precondition(spec.inputDelays.count == dataset.inputCount, "SequenceWindows: \(spec.inputDelays.count) delays for \(dataset.inputCount) inputs")
        self.spec = spec
        self.dataset = dataset
        index = try WindowIndex(
            dataset, rows: rows, history: spec.history, span: spec.length, minimumSpan: spec.washout + 1, stride: spec.stride,
            lead: spec.horizon - 1,
            context: "\(context) (length \(spec.length.map(String.init) ?? "whole"), washout \(spec.washout), input delays \(spec.inputDelays)\(spec.horizon > 1 ? ", horizon \(spec.horizon)" : ""))")
    }

    /// The sub-sequences of `part` of `split`.
    public init(_ dataset: Dataset, spec: SequenceSpec, split: DataSplit, part: DataPart) throws {
        try self.init(dataset, spec: spec, rows: split.rows(part), context: "the \(part.rawValue) part")
    }

    public var count: Int { index.count }

    /// From the spec: `.lastStep` when the washout leaves one step of an `L`-step window (a
    /// lag window; `L = 1` included), else `.every` without washout, else `.afterWashout(W)`.
    public var lossSpan: LossSpan {
        if let length = spec.length, spec.washout == length - 1 { return .lastStep }
        return spec.washout == 0 ? .every : .afterWashout(spec.washout)
    }

    public func sample(_ i: Int) -> SampleRef { index.locate(i).0 }

    /// Sub-sequences `indices` as one time-major batch, `T` the longest of them:
    /// `inputs[t, b] = [y(k−1), u_j(k−nk_j)…]` with `k = samples[b].row + t`,
    /// `targets[t, b, h] = y(k + h)` (`[T, B, H]`), and the weights 0 in the washout and the
    /// padding.
    public func batch(_ indices: some Collection<Int>) -> WindowBatch {
        let located = indices.map(index.locate)
        let (inputs, targets, weights) = spec.batch(located.map { (dataset.recordings[$0.0.recording], $0.0.row, $0.length) }) { _, t, _ in
            t < spec.washout ? 0 : 1
        }
        return WindowBatch(
            inputs: inputs, targets: targets, weights: weights, samples: located.map(\.0), steps: located.map(\.length))
    }
}
