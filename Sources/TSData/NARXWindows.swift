import TSTensor

/// Lags of one exogenous input `u` in a NARX regressor: `u(k−nk), …, u(k−nk−nb+1)`.
public struct InputLag: Sendable, Codable, Equatable {
    /// `nb`: number of lagged values (0 leaves the input out).
    public var order: Int
    /// `nk`: input delay; `nk = 0` feeds `u(k)` through to the prediction of `y(k)`.
    public var delay: Int

    /// `nb = order` values of `u`, starting `nk = delay` rows before the target.
    public init(order: Int, delay: Int = 1) {
        precondition(order >= 0 && delay >= 0, "InputLag: nb \(order) and nk \(delay) must be ≥ 0")
        self.order = order
        self.delay = delay
    }
}

/// The regressor of a feed-forward / NARX model predicting `y(k … k+horizon−1)`:
///
///     x(k) = [y(k−1), …, y(k−na), u₁(k−nk₁), …, u₁(k−nk₁−nb₁+1), u₂(k−nk₂), …]
///
/// followed by the `SeasonalInputs` block when `seasonal` is set (seasonal lags `y(k−s)`,
/// calendar pairs of `t(k)`). `F = na + Σ nb_j + seasonal.featureCount`. Plain lagged windows (`lags` past targets → the next `horizon`
/// values) are `na = lags` with no inputs, most recent lag first.
/// Windows start every `stride` target rows.
public struct NARXSpec: Sendable, Codable, Equatable {
    /// `na`: number of past targets.
    public var outputLags: Int
    /// Lags of each exogenous input, in `Dataset.inputNames` order.
    public var inputLags: [InputLag]
    /// Targets per window `O`: `y(k), …, y(k+horizon−1)`.
    public var horizon: Int
    /// Rows between consecutive windows' first targets.
    public var stride: Int
    /// Seasonal lags and calendar features after the lags (`nil`: none; model files
    /// written before they existed decode as `nil`).
    public var seasonal: SeasonalInputs?

    /// A regressor with `na = outputLags`, one `InputLag` per exogenous input, `O = horizon`,
    /// and the `seasonal` block, if any.
    public init(outputLags: Int, inputLags: [InputLag] = [], horizon: Int = 1, stride: Int = 1, seasonal: SeasonalInputs? = nil) {
        precondition(outputLags >= 0 && horizon >= 1 && stride >= 1, "NARXSpec: na \(outputLags), horizon \(horizon), stride \(stride)")
        self.outputLags = outputLags
        self.inputLags = inputLags
        self.horizon = horizon
        self.stride = stride
        self.seasonal = seasonal
        precondition(featureCount > 0, "NARXSpec: no features (na = 0 and every nb = 0)")
    }

    /// `lags` past targets, most recent first, → the next `horizon` values.
    public static func lagged(_ lags: Int, horizon: Int = 1, stride: Int = 1) -> NARXSpec {
        NARXSpec(outputLags: lags, horizon: horizon, stride: stride)
    }

    /// `F = na + Σ nb + seasonal.featureCount`.
    public var featureCount: Int { outputLags + inputLags.reduce(0) { $0 + $1.order } + (seasonal?.featureCount ?? 0) }

    /// Rows needed before the first target: `max(na, max_j (nk_j + nb_j − 1), seasonal.history)`
    /// over inputs with `nb_j > 0`.
    public var history: Int {
        inputLags.filter { $0.order > 0 }.reduce(max(outputLags, seasonal?.history ?? 0)) { max($0, $1.delay + $1.order - 1) }
    }

    /// Every place the regressor reads the target: `x[position] = y(k − lag)`, the `na`
    /// lags then the seasonal ones (what a free run replaces with fed-back predictions).
    public var targetReads: [(position: Int, lag: Int)] {
        let start = featureCount - (seasonal?.featureCount ?? 0)
        return (0..<outputLags).map { ($0, $0 + 1) } + (seasonal?.targetReads ?? []).map { (start + $0.position, $0.lag) }
    }
}

extension NARXSpec {
    /// Writes the regressor `x(k)` of `recording` (`F = featureCount` values, in the order
    /// above) to `x`. Rows `k − history … k − 1` (and `k − nk` for feed-through inputs)
    /// must exist; the target at `k` itself is not read (calendar features read the time of
    /// row `k`).
    public func regressor(of recording: Recording, at k: Int, into x: UnsafeMutablePointer<Float>) {
        var c = 0
        recording.target.withUnsafeBufferPointer { target in
            for lag in 0..<outputLags { x[c] = target[k - 1 - lag]; c += 1 }
        }
        for (j, lags) in inputLags.enumerated() {
            recording.inputs[j].withUnsafeBufferPointer { u in
                for lag in 0..<lags.order { x[c] = u[k - lags.delay - lag]; c += 1 }
            }
        }
        seasonal?.write(of: recording, at: k, into: x + c)
    }
}

/// The NARX windows of one part of a (preprocessed) dataset, gathered into batches on
/// demand: memory O(segments) plus the batch.
///
/// Window `k` belongs to the part when `k … k+O−1` are target rows of the part; its
/// regressor may read up to `history` earlier rows of the same gap-free segment, possibly
/// from an earlier part, never a row at or after `k` (except `u(k)` when `nk = 0`).
public struct NARXWindows: WindowSet {
    /// The window shape.
    public let spec: NARXSpec
    private let dataset: Dataset
    private let index: WindowIndex

    /// The windows whose targets lie in `rows[r]` of each recording `r`.
    ///
    /// - Throws: `DataError.Kind.tooFewRows` (needed `history + horizon` consecutive rows)
    ///   when there is no window.
    public init(_ dataset: Dataset, spec: NARXSpec, rows: [Range<Int>], context: String = "the windows") throws {
        precondition(spec.inputLags.count == dataset.inputCount, "NARXWindows: \(spec.inputLags.count) input lags for \(dataset.inputCount) inputs")
        self.spec = spec
        self.dataset = dataset
        index = try WindowIndex(
            dataset, rows: rows, history: spec.history, span: spec.horizon, stride: spec.stride,
            context: "\(context) (na \(spec.outputLags), input lags \(spec.inputLags.map { "nb \($0.order) nk \($0.delay)" }), horizon \(spec.horizon))")
    }

    /// The windows of `part` of `split`.
    public init(_ dataset: Dataset, spec: NARXSpec, split: DataSplit, part: DataPart) throws {
        try self.init(dataset, spec: spec, rows: split.rows(part), context: "the \(part.rawValue) part")
    }

    public var count: Int { index.count }

    /// `.every`: all `O` targets of a window count.
    public var lossSpan: LossSpan { .every }

    public func sample(_ i: Int) -> SampleRef { index.locate(i).0 }

    /// Windows `indices` as `inputs [B, F]` (rows in `NARXSpec` feature order) and
    /// `targets [B, O]`, `targets[b, h] = y(k_b + h)`.
    public func batch(_ indices: some Collection<Int>) -> WindowBatch {
        let b = indices.count, f = spec.featureCount, o = spec.horizon
        var inputs = Tensor(shape: [b, f])
        var targets = Tensor(shape: [b, o])
        var samples: [SampleRef] = []
        samples.reserveCapacity(b)
        inputs.withUnsafeMutableBufferPointer { x in
            targets.withUnsafeMutableBufferPointer { y in
                for (n, i) in indices.enumerated() {
                    let s = index.locate(i).0
                    samples.append(s)
                    let recording = dataset.recordings[s.recording]
                    spec.regressor(of: recording, at: s.row, into: x.baseAddress! + n * f)
                    recording.target.withUnsafeBufferPointer { target in
                        for h in 0..<o { y[n * o + h] = target[s.row + h] }
                    }
                }
            }
        }
        return WindowBatch(inputs: inputs, targets: targets, samples: samples, steps: Array(repeating: 1, count: b))
    }
}
