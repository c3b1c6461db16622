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
        let targets = pieces.lazy.flatMap { transform.values($0.recording.target[$0.rows]).dropFirst(transform.lostRows) }
        let inputScalers = (0..<dataset.inputCount).map { j in
            Scaler.fit(kind, to: pieces.lazy.flatMap { $0.recording.inputs[j][$0.rows].lazy.map(Double.init) })
        }
        return Preprocessor(transform: transform, targetScaler: .fit(kind, to: targets), inputScalers: inputScalers)
    }

    /// `dataset` in model space (a copy; see `apply(inPlace:)`).
    public func apply(to dataset: Dataset) throws -> Dataset {
        var result = dataset
        try apply(inPlace: &result)
        return result
    }

    /// Puts `dataset` in model space, overwriting its values: no second copy of the series
    /// is made when the arrays are uniquely referenced. Target rows without a transformed
    /// value (the first `lostRows` of each segment) and rows outside the segments become
    /// NaN; rows keep their indices and segments shrink by `lostRows` at the start (empty
    /// ones are removed).
    ///
    /// - Throws: `DataError` for a target outside the transform's domain (naming its line),
    ///   before anything is changed.
    public func apply(inPlace dataset: inout Dataset) throws {
        precondition(inputScalers.count == dataset.inputCount, "Preprocessor.apply: \(inputScalers.count) input scalers for \(dataset.inputCount) inputs")
        for recording in dataset.recordings {
            for segment in recording.segments {
                try Preprocessor.checkDomain(recording, rows: segment, transform: transform, name: dataset.targetName)
            }
        }
        for r in dataset.recordings.indices {
            let segments = dataset.recordings[r].segments
            dataset.recordings[r].target.withUnsafeMutableBufferPointer { y in
                var next = 0
                for segment in segments {
                    for t in next..<segment.lowerBound { y[t] = .nan }
                    var stream = TargetTransform.Stream(transform)
                    for t in segment { y[t] = Float(targetScaler.transform(stream.next(y[t]))) }
                    next = segment.upperBound
                }
                for t in next..<y.count { y[t] = .nan }
            }
            dataset.recordings[r].segments = segments.compactMap { segment in
                segment.count > transform.lostRows ? (segment.lowerBound + transform.lostRows)..<segment.upperBound : nil
            }
            for j in inputScalers.indices {
                dataset.recordings[r].inputs[j].withUnsafeMutableBufferPointer { u in
                    for t in u.indices { u[t] = Float(inputScalers[j].transform(Double(u[t]))) }
                }
            }
        }
    }

    /// History `y` in original units → model space, same length, NaN in the first
    /// `lostRows` entries. Values must be in the transform's domain.
    public func transformTarget(_ y: some Collection<Float>) -> [Float] {
        transform.values(y).map { Float(targetScaler.transform($0)) }
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
