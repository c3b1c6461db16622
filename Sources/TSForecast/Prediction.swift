import Foundation
import TSData
import TSTensor

/// Predicted rows in original units, column by column (12 bytes a row, 20 with an
/// interval, so long evaluations stay small).
public struct Predictions: Codable, Sendable, Equatable {
    /// Row indices in the file's history.
    public var rows: [Int]
    /// The rows' times as written in the file; empty without a time column.
    public var times: [String] = []
    public var actual: [Float]
    public var predicted: [Float]
    /// The 95% interval of Gaussian models.
    public var lower: [Float]?
    public var upper: [Float]?
}

extension ForecastModel {
    /// `z` of the two-sided 95% normal interval.
    static let z95: Float = 1.959964

    /// The history of `loaded` in model space (preprocessing applied).
    func modelSpace(_ loaded: LoadedSeries) throws -> Recording {
        try metadata.preprocessing.apply(to: loaded.dataset).recordings[0]
    }

    /// The rows of `range` that have enough history inside one segment of `recording`.
    func predictableRows(_ recording: Recording, in range: Range<Int>) -> [Int] {
        let history = metadata.layout.history
        return recording.segments.flatMap { segment in
            Array(rows(from: max(segment.lowerBound + history, range.lowerBound), to: min(segment.upperBound, range.upperBound)))
        }
    }

    /// One-step-ahead predictions of `rows` (each reads measured values only), in
    /// original units, with 95% intervals for Gaussian models.
    public func oneStep(_ loaded: LoadedSeries, rows: [Int]) throws -> Predictions {
        oneStep(loaded, prepared: try modelSpace(loaded), rows: rows)
    }

    /// `oneStep(loaded, rows:)` with `recording`, the history of `loaded` in model space.
    func oneStep(_ loaded: LoadedSeries, prepared recording: Recording, rows: [Int]) -> Predictions {
        let original = loaded.recording.target
        let std = network.noiseStd?.first
        var out = Predictions(rows: rows, actual: rows.map { original[$0] }, predicted: [], lower: std.map { _ in [] }, upper: std.map { _ in [] })
        out.predicted.reserveCapacity(rows.count)
        for start in stride(from: 0, to: rows.count, by: 256) {
            let chunk = rows[start..<min(start + 256, rows.count)]
            let x = metadata.layout.inputs(chunk.map { (recording, $0) })
            let y = metadata.layout.predictions(network.forward(x, training: false))
            for (k, p) in zip(chunk, y) {
                let history = original[..<k]
                out.predicted.append(metadata.preprocessing.inverseTarget([p[0]], history: history)[0])
                if let std {
                    out.lower!.append(metadata.preprocessing.inverseTarget([p[0] - Self.z95 * std], history: history)[0])
                    out.upper!.append(metadata.preprocessing.inverseTarget([p[0] + Self.z95 * std], history: history)[0])
                }
            }
        }
        return out
    }

    /// Free run of `steps` predictions from row `start` of the model-space `recording`:
    /// each prediction replaces the target in later inputs (`O` values per network call
    /// for direct multi-horizon models). Inputs must cover rows up to `start + steps − 1`.
    ///
    /// Gaussian models also simulate `paths` noisy trajectories (`ỹ + σ·ε`, seeded) and
    /// return the 2.5% and 97.5% quantiles per step in original units.
    /// - Parameter originalHistory: targets in original units before `start`.
    public func rollOut(
        _ recording: Recording, start: Int, steps: Int, originalHistory: ArraySlice<Float>, paths: Int = 200, seed: UInt64 = 0
    ) -> (values: [Float], lower: [Float]?, upper: [Float]?) {
        let std = network.noiseStd?.first
        let count = std == nil ? 1 : 1 + paths
        var rng = RandomGenerator(seed: seed)
        var tracks = Array(repeating: recording, count: count)
        let o = metadata.layout.outputCount
        var k = start
        while k < start + steps {
            let y = metadata.layout.predictions(network.forward(metadata.layout.inputs(tracks.map { ($0, k) }), training: false))
            for (p, values) in y.enumerated() {
                for (h, v) in values.enumerated() where k + h < start + steps {
                    tracks[p].target[k + h] = p == 0 ? v : v + std! * rng.normal()
                }
            }
            k += o
        }
        let modelValues = tracks.map { Array($0.target[start..<(start + steps)]) }
        let original = modelValues.map { metadata.preprocessing.inverseTarget($0, history: originalHistory) }
        guard std != nil else { return (original[0], nil, nil) }
        var lower: [Float] = [], upper: [Float] = []
        for h in 0..<steps {
            let sorted = original.dropFirst().map { $0[h] }.sorted()
            lower.append(sorted[Int(0.025 * Double(sorted.count - 1))])
            upper.append(sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))])
        }
        return (original[0], lower, upper)
    }
}
