/// The fitted preprocessing of a dataset, stored with a model (Codable): a `TargetTransform`
/// then a `Scaler` on the target, and one `Scaler` per exogenous input.
///
/// Scalers are fitted on the training part only (`DataSplit.rows(.train)`), on the
/// transformed target values. Exogenous inputs are only scaled.
///
/// Model space: `ỹ(t) = targetScaler(transform(y)(t))`, `ũ_j(t) = inputScalers[j](u_j(t))`.
public struct Preprocessor: Sendable, Codable, Equatable {
    /// Log / differencing of the target.
    public var transform: TargetTransform
    /// Scaling of the transformed target.
    public var targetScaler: Scaler
    /// Scaling of each exogenous input, in `Dataset.inputNames` order.
    public var inputScalers: [Scaler]

    /// A preprocessor with explicit parts.
    public init(transform: TargetTransform, targetScaler: Scaler, inputScalers: [Scaler]) {
        self.transform = transform
        self.targetScaler = targetScaler
        self.inputScalers = inputScalers
    }

    /// Fits scalers of `kind` on the training rows of `dataset`.
    ///
    /// - Throws: `DataError` if a training value is outside the transform's domain (names
    ///   its line and column) or the training part has no row left after the transform.
    public static func fit(
        _ dataset: Dataset, split: DataSplit, transform: TargetTransform = .identity, scaler kind: ScalerKind = .zScore
    ) throws -> Preprocessor {
        var pieces: [(recording: Recording, rows: Range<Int>)] = []
        for (r, recording) in dataset.recordings.enumerated() {
            let train = split.rows(.train, recording: r)
            for segment in recording.segments {
                let rows = segment.clamped(to: train)
                guard !rows.isEmpty else { continue }
                try checkDomain(recording, rows: rows, transform: transform, name: dataset.targetName)
                pieces.append((recording, rows))
            }
        }
        guard pieces.contains(where: { $0.rows.count > transform.lostRows }) else {
            throw DataError(
                .tooFewRows(needed: transform.lostRows + 1, available: 0, context: "fitting the scaler on the training part"),
                at: DataLocation(file: dataset.recordings.first?.file ?? "", columnName: dataset.targetName))
        }
        // Statistics stream over the pieces; only one segment's transform is held at a time.
        let targets = pieces.lazy.flatMap { transform.forward($0.recording.target[$0.rows]).dropFirst(transform.lostRows) }
        let inputScalers = (0..<dataset.inputCount).map { j in
            Scaler.fit(kind, to: pieces.lazy.flatMap { $0.recording.inputs[j][$0.rows].lazy.map(Double.init) })
        }
        return Preprocessor(transform: transform, targetScaler: .fit(kind, to: targets), inputScalers: inputScalers)
    }

    /// `dataset` in model space. Target rows without a transformed value (the first
    /// `lostRows` of each segment) become NaN and leave the segments, so rows keep their
    /// indices and segments shrink by `lostRows` at the start (empty ones are removed).
    public func apply(to dataset: Dataset) throws -> Dataset {
        precondition(inputScalers.count == dataset.inputCount, "Preprocessor.apply: \(inputScalers.count) input scalers for \(dataset.inputCount) inputs")
        var result = dataset
        for (r, recording) in dataset.recordings.enumerated() {
            var target = [Float](repeating: .nan, count: recording.count)
            var segments: [Range<Int>] = []
            for segment in recording.segments {
                try Preprocessor.checkDomain(recording, rows: segment, transform: transform, name: dataset.targetName)
                let values = transformTarget(recording.target[segment])
                for (i, v) in values.enumerated() { target[segment.lowerBound + i] = v }
                if segment.count > transform.lostRows { segments.append((segment.lowerBound + transform.lostRows)..<segment.upperBound) }
            }
            result.recordings[r].target = target
            result.recordings[r].segments = segments
            for j in inputScalers.indices {
                result.recordings[r].inputs[j] = recording.inputs[j].map { Float(inputScalers[j].transform(Double($0))) }
            }
        }
        return result
    }

    /// History `y` in original units → model space, same length, NaN in the first
    /// `lostRows` entries. Values must be in the transform's domain.
    public func transformTarget(_ y: some Collection<Float>) -> [Float] {
        if transform == .identity { return y.map { Float(targetScaler.transform(Double($0))) } }
        return transform.forward(y).map { Float(targetScaler.transform($0)) }
    }

    /// Forecasts in model space for the steps after `history` (original units, the last
    /// value at the forecast origin, at least `transform.lostRows` values) → original units.
    public func inverseTarget(_ forecasts: [Float], history: some Collection<Float>) -> [Float] {
        transform.inverse(forecasts.map { targetScaler.inverse(Double($0)) }, history: history).map { Float($0) }
    }

    /// Exogenous input `j` → model space.
    public func transformInput(_ j: Int, _ u: [Float]) -> [Float] {
        u.map { Float(inputScalers[j].transform(Double($0))) }
    }

    private static func checkDomain(_ recording: Recording, rows: Range<Int>, transform: TargetTransform, name: String) throws {
        if let i = transform.firstInvalid(recording.target[rows]) {
            let row = rows.lowerBound + i
            throw DataError(
                .invalidValue(recording.target[row], reason: "log needs values > 0; drop the log transform or shift the series"),
                at: recording.location(row: row, name: name))
        }
    }
}
