import TSTensor

/// Lag windows for an encoder-decoder: the `C` context steps of each window followed by
/// `H` decoder steps, with the `H` targets of the window's last row.
///
/// Window `i` is window `i` of `SequenceWindows` over `spec` (`C = spec.length` steps,
/// stride 1, `H = spec.horizon`). With `k` its last row, `inputs [C + H, B, F]` holds
/// the step features of rows `k − C + 1 … k`, then the decoder features
/// (`SequenceSpec.decoderFeatures`) of rows `k … k + H − 1`; `targets [1, B, H]` holds
/// `y(k … k+H−1)`; every target counts in the loss (`weights` nil).
public struct EncoderDecoderWindows: WindowSet {
    /// The window shape (`length` = `C`, `horizon` = `H`).
    public let spec: SequenceSpec
    private let windows: SequenceWindows
    private let dataset: Dataset

    /// The windows whose targets lie in `rows[r]` of each recording `r`.
    ///
    /// - Throws: `DataError.Kind.tooFewRows` when no window fits.
    public init(_ dataset: Dataset, spec: SequenceSpec, rows: [Range<Int>], context: String = "the encoder-decoder windows") throws {
        precondition(spec.length != nil, "EncoderDecoderWindows: needs windows of a fixed length")
        self.spec = spec
        self.dataset = dataset
        windows = try SequenceWindows(dataset, spec: spec, rows: rows, context: context)
    }

    /// The windows of `part` of `split`.
    public init(_ dataset: Dataset, spec: SequenceSpec, split: DataSplit, part: DataPart) throws {
        try self.init(dataset, spec: spec, rows: split.rows(part), context: "the \(part.rawValue) part")
    }

    public var count: Int { windows.count }

    /// One output step, all of whose targets count.
    public var lossSpan: LossSpan { .every }

    public func sample(_ i: Int) -> SampleRef { windows.sample(i) }

    public func batch(_ indices: some Collection<Int>) -> WindowBatch {
        let context = windows.batch(indices)
        let (steps, b, f, h) = (context.inputs.shape[0], context.inputs.shape[1], spec.featureCount, spec.horizon)
        var inputs = Tensor(shape: [steps + h, b, f])
        inputs.scalars.replaceSubrange(0..<context.inputs.count, with: context.inputs.scalars)
        spec.writeDecoderSteps(&inputs, context: steps, origins: context.samples.map { (dataset.recordings[$0.recording], $0.row + steps - 1) })
        let last = (steps - 1) * b * h
        let targets = Tensor(shape: [1, b, h], scalars: Array(context.targets.scalars[last...]))
        return WindowBatch(inputs: inputs, targets: targets, samples: context.samples, steps: context.steps.map { $0 + h })
    }
}
