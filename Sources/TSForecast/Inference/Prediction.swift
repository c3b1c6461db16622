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
    func modelSpace(_ loaded: LoadedSeries) throws -> Recording {
        try metadata.preprocessing.apply(to: loaded.dataset).recordings[0]
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
    /// order as `(row, prediction, quantiles)`, 256 network rows at a time.
    func oneStep(
        _ recording: Recording, reference: ReferenceTarget, rows: some Collection<Int>,
        each: (_ row: Int, _ value: Float, _ quantiles: [Float]?) -> Void
    ) {
        let std = network.noiseStd?.first
        let reading = quantileReading
        let lost = metadata.preprocessing.transform.lostRows
        var chunk: [Int] = []
        func predictChunk() {
            let y = metadata.layout.predictions(predict(metadata.layout.inputs(chunk.map { (recording, $0) })))
            for (k, p) in zip(chunk, y) {
                let history = reference.history(before: k, count: lost)
                func original(_ v: Float) -> Float { metadata.preprocessing.inverseTarget([v], history: history)[0] }
                if let first = reading?.read(p)[0] {
                    each(k, original(first.point), first.quantiles.map(original))
                } else {
                    each(k, original(p[0]), std.map { [original(p[0] - Self.z95 * $0), original(p[0] + Self.z95 * $0)] })
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
    ///
    /// Gaussian models also simulate `paths` noisy trajectories (`ỹ + σ_h·ε`, seeded, `σ_h`
    /// the learned noise of output `h` of each call) and
    /// return the 2.5% and 97.5% quantiles per step in original units. Quantile models feed
    /// back their point forecast (`QuantileReading`) and return, one column per level, each
    /// step's sorted quantiles in original units: the quantiles of that step given the point
    /// forecasts before it (so past the first step they leave out the uncertainty of the
    /// fed-back values).
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
        // σ of each output: a direct model's noise is learned per lead time.
        let std = network.noiseStd
        let reading = quantileReading
        var stepQuantiles: [[Float]] = []
        let count = std == nil ? 1 : 1 + paths
        var rng = RandomGenerator(seed: seed)
        var tracks = Array(repeating: recording, count: count)
        let o = metadata.layout.outputCount
        var k = start
        while k < start + steps {
            let y = metadata.layout.predictions(predict(metadata.layout.inputs(tracks.map { ($0, k) })))
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
        if reading != nil {
            return (original[0], nil, nil, originalQuantiles(stepQuantiles, points: original[0], history: originalHistory))
        }
        guard std != nil else { return (original[0], nil, nil, nil) }
        var lower: [Float] = [], upper: [Float] = []
        for h in 0..<steps {
            let sorted = original.dropFirst().map { $0[h] }.sorted()
            lower.append(sorted[Int(0.025 * Double(sorted.count - 1))])
            upper.append(sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))])
        }
        return (original[0], lower, upper, nil)
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
