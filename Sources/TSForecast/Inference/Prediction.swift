import TSData
import TSTensor

/// Predicted rows in original units, column by column (12 bytes a row, 20 with an
/// interval, 4 more per quantile level, so long evaluations stay small).
public struct Predictions: Codable, Sendable, Equatable {
    /// Row indices in the file's history.
    public var rows: [Int]
    /// The rows' times as written in the file; empty without a time column.
    public var times: [String] = []
    /// The measured targets, original units.
    public var actual: [Float]
    /// The model's predictions of them, original units.
    public var predicted: [Float]
    /// The 95% interval of Gaussian models.
    public var lower: [Float]?
    /// The upper 95% interval bounds of Gaussian models, original units.
    public var upper: [Float]?
    /// The quantile levels of a quantile model (`ForecastSetup.quantiles`).
    public var quantileLevels: [Double]?
    /// A quantile model's predicted quantiles, one column per level of `quantileLevels`
    /// (`quantiles[j][i]`: level `j`, row `i`), original units.
    public var quantiles: [[Float]]?
}

extension ForecastModel {
    /// `z` of the two-sided 95% normal interval.
    static let z95: Float = 1.959964

    /// How the outputs of a quantile model read (sorted quantiles, point forecast); `nil`
    /// for the other losses.
    public var quantileReading: QuantileReading? {
        guard metadata.network.loss == .quantile, let levels = metadata.network.quantiles else { return nil }
        return QuantileReading(levels: levels)
    }

    /// The levels of the predictive quantiles every prediction carries: a quantile model's
    /// levels, `[0.025, 0.975]` (the bounds of the 95% interval) for Gaussian models, `nil`
    /// for point forecasts.
    public var predictiveLevels: [Double]? {
        if let quantileReading { return quantileReading.levels }
        return network.noiseStd == nil ? nil : [0.025, 0.975]
    }

    /// The history of `loaded` in model space (preprocessing applied).
    ///
    /// - Throws: `DataError` when the model reads calendar features and `loaded` has no
    ///   date or date-time time axis; as `Preprocessor.apply`.
    func modelSpace(_ loaded: LoadedSeries) throws -> Recording {
        if let features = metadata.layout.seasonal?.calendar, !features.isEmpty, loaded.time.map({ $0.kind == .number }) ?? true {
            let found = loaded.time == nil ? "no time column" : "plain numbers in its time column"
            throw DataError(
                .invalidSetting("the model reads calendar features (\(features.map(\.rawValue).joined(separator: ", "))) of dates in the time column '\(metadata.columns.time ?? "-")'; the file has \(found)"),
                at: DataLocation(file: loaded.recording.file))
        }
        return try metadata.preprocessing.apply(to: loaded.dataset).recordings[0]
    }

    /// The rows of `range` that have enough history inside one segment of `recording`, as
    /// one run per segment (empty runs left out).
    func predictableRows(_ recording: Recording, in range: Range<Int>) -> [Range<Int>] {
        let history = metadata.layout.history
        return recording.segments.map { segment in
            TSForecast.rows(from: max(segment.lowerBound + history, range.lowerBound), to: min(segment.upperBound, range.upperBound))
        }.filter { !$0.isEmpty }
    }

    /// One-step-ahead predictions of `rows` of the model-space `recording` (each reads
    /// measured values only), in original units (the inverse transform reads the values
    /// before each row from `reference`), with the predictive quantiles at
    /// `predictiveLevels` (Gaussian: the 95% interval bounds; quantile models: the sorted
    /// quantiles of output 0, the point being `QuantileReading`'s); handed to `each` in row
    /// order as `(row, prediction, quantiles)`, 256 network rows at a time. A stateful
    /// model's predictions read the whole history before each row (`statefulOneStep`).
    ///
    /// An ensemble combines its members' predictions of each row in original units
    /// (`ForecastSetup.ensembleCombine`): the point is the mean (median) of the members'
    /// points; a quantile model's quantiles are averaged (median) level by level across the
    /// members, then sorted (`EnsembleCombine.combineSorted`); a Gaussian model's bounds are
    /// the 2.5% and 97.5% quantiles of the equal-weight mixture of the members' predictive
    /// normals (`EnsembleIntervals.mixtureBounds`).
    func oneStep(
        _ recording: Recording, reference: ReferenceTarget, rows: some Collection<Int>,
        each: (_ row: Int, _ value: Float, _ quantiles: [Float]?) -> Void
    ) {
        let stds = members.compactMap { $0.noiseStd?.first }
        let reading = quantileReading
        let combine = metadata.setup.ensembleCombine
        let lost = metadata.preprocessing.transform.lostRows
        var chunk: [Int] = []
        // A stateful model runs each member once over the history (its outputs are the
        // one-step predictions of every row), in row order like `rows`.
        var stateful = isStateful ? members.indices.map { statefulOneStep(recording, rows: Array(rows), member: $0)[...] } : nil
        func predictChunk() {
            let outputs: [[[Float]]]
            if let runs = stateful {
                outputs = runs.map { Array($0.prefix(chunk.count)) }
                stateful = runs.map { $0.dropFirst(chunk.count) }
            } else {
                let input = metadata.layout.inputs(chunk.map { (recording, $0) })
                outputs = members.indices.map { metadata.layout.predictions(predict(input, member: $0)) }
            }
            for (i, k) in chunk.enumerated() {
                let history = reference.history(before: k, count: lost)
                func original(_ v: Float) -> Float { metadata.preprocessing.inverseTarget([v], history: history)[0] }
                if let reading {
                    let read = outputs.map { reading.read($0[i])[0] }
                    each(k, combine.combine(read.map { original($0.point) }), combine.combineSorted(read.map { $0.quantiles.map(original) }))
                } else {
                    let means = outputs.map { $0[i][0] }
                    let bounds = stds.isEmpty ? nil : EnsembleIntervals.mixtureBounds(means: means, stds: stds, z: Self.z95)
                    each(k, combine.combine(means.map(original)), bounds?.map(original))
                }
            }
            chunk.removeAll(keepingCapacity: true)
        }
        for k in rows {
            chunk.append(k)
            if chunk.count == 256 { predictChunk() }
        }
        if !chunk.isEmpty { predictChunk() }
    }

    /// Free run of `steps` predictions from row `start` of the model-space `recording`:
    /// each prediction replaces the target in later inputs (`O` values per network call
    /// for direct multi-horizon models). Inputs must cover rows up to `start + steps − 1`.
    /// A stateful model warms its state up over the gap-free history before `start`
    /// (`statefulSteps`) instead of reading a context window.
    ///
    /// Gaussian models also simulate `paths` noisy trajectories (`ỹ + σ_h·ε`, seeded, `σ_h`
    /// the learned noise of output `h` of each call) and
    /// return the 2.5% and 97.5% quantiles per step in original units. Quantile models feed
    /// back their point forecast (`QuantileReading`) and return, one column per level, each
    /// step's sorted quantiles in original units: the quantiles of that step given the point
    /// forecasts before it (so past the first step they leave out the uncertainty of the
    /// fed-back values).
    ///
    /// An ensemble rolls each member out on its own predictions (member `i`'s paths seeded
    /// `seed + i`), then combines per step in original units: the point is the mean
    /// (median) of the members' points; Gaussian bounds are the quantiles of all members'
    /// paths pooled (`N · paths` of them); quantiles are combined level by level, then
    /// sorted (`EnsembleCombine.combineSorted`).
    /// - Parameters:
    ///   - recording: the model-space recording.
    ///   - start: the first predicted row.
    ///   - steps: predictions to make.
    ///   - originalHistory: targets in original units before `start`.
    ///   - paths: noisy trajectories simulated for the interval (Gaussian models).
    ///   - seed: the seed of those trajectories.
    public func rollOut(
        _ recording: Recording, start: Int, steps: Int, originalHistory: ArraySlice<Float>, paths: Int = 200, seed: UInt64 = 0
    ) -> (values: [Float], lower: [Float]?, upper: [Float]?, quantiles: [[Float]]?) {
        let runs = members.indices.map {
            memberRollOut($0, recording, start: start, steps: steps, originalHistory: originalHistory, paths: paths, seed: seed &+ UInt64($0))
        }
        let combine = metadata.setup.ensembleCombine
        let values = (0..<steps).map { h in combine.combine(runs.map { $0.tracks[0][h] }) }
        if let levels = runs[0].quantiles?.count {
            let perStep = (0..<steps).map { h in combine.combineSorted(runs.map { run in run.quantiles!.map { $0[h] } }) }
            return (values, nil, nil, (0..<levels).map { j in perStep.map { $0[j] } })
        }
        guard network.noiseStd != nil else { return (values, nil, nil, nil) }
        let pooled = runs.flatMap { $0.tracks.dropFirst() }
        var lower: [Float] = [], upper: [Float] = []
        for h in 0..<steps {
            let sorted = pooled.map { $0[h] }.sorted()
            lower.append(sorted[Int(0.025 * Double(sorted.count - 1))])
            upper.append(sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))])
        }
        return (values, lower, upper, nil)
    }

    /// Member `member`'s free run (`rollOut`), in original units: `tracks[0]` the point
    /// forecasts, `tracks[1…]` a Gaussian model's `paths` noisy trajectories; a quantile
    /// model's quantiles one column per level.
    private func memberRollOut(
        _ member: Int, _ recording: Recording, start: Int, steps: Int, originalHistory: ArraySlice<Float>, paths: Int, seed: UInt64
    ) -> (tracks: [[Float]], quantiles: [[Float]]?) {
        // σ of each output: a direct model's noise is learned per lead time.
        let std = members[member].noiseStd
        let reading = quantileReading
        var stepQuantiles: [[Float]] = []
        let count = std == nil ? 1 : 1 + paths
        var rng = RandomGenerator(seed: seed)
        var tracks = Array(repeating: recording, count: count)
        let o = metadata.layout.outputCount
        // A stateful model warms its state up over the history before `start`, then steps.
        let statefulStep = isStateful ? statefulSteps(recording, start: start, count: count, member: member) : nil
        var k = start
        while k < start + steps {
            let y = statefulStep?(tracks, k)
                ?? metadata.layout.predictions(predict(metadata.layout.inputs(tracks.map { ($0, k) }), member: member))
            for (p, values) in y.enumerated() {
                if let reading {
                    for (h, value) in reading.read(values).enumerated() where k + h < start + steps {
                        tracks[p].target[k + h] = value.point
                        stepQuantiles.append(value.quantiles)
                    }
                    continue
                }
                for (h, v) in values.enumerated() where k + h < start + steps {
                    tracks[p].target[k + h] = p == 0 ? v : v + std![h] * rng.normal()
                }
            }
            k += o
        }
        let modelValues = tracks.map { Array($0.target[start..<(start + steps)]) }
        let original = modelValues.map { metadata.preprocessing.inverseTarget($0, history: originalHistory) }
        guard reading != nil else { return (original, nil) }
        return (original, originalQuantiles(stepQuantiles, points: original[0], history: originalHistory))
    }

    /// The model-space quantiles of each roll-out step (`steps[h]`, sorted) in original
    /// units, one column per level: step `h`'s are inverse-transformed with the original
    /// `history` and the point forecasts `points[..<h]` before them as the values they
    /// follow.
    private func originalQuantiles(_ steps: [[Float]], points: [Float], history: ArraySlice<Float>) -> [[Float]] {
        let lost = metadata.preprocessing.transform.lostRows
        var before = Array(history.suffix(lost))
        var columns = Array(repeating: [Float](), count: steps.first?.count ?? 0)
        for (h, quantiles) in steps.enumerated() {
            for (j, q) in quantiles.enumerated() { columns[j].append(metadata.preprocessing.inverseTarget([q], history: before)[0]) }
            before = Array((before + [points[h]]).suffix(lost))
        }
        return columns
    }
}
