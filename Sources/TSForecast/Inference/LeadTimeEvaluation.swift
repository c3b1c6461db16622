import TSData

extension ForecastModel {
    /// The lead times an evaluation scores: `leadTimes` when given, else `O` for a direct
    /// multi-horizon model (`O > 1`), else none (`nil`).
    func evaluatedLeadTimes(_ leadTimes: Int?) -> Int? {
        leadTimes ?? (metadata.layout.outputCount > 1 ? metadata.layout.outputCount : nil)
    }

    /// The scores by lead time `h = 1…H` of `H`-step forecasts from every origin `k` of
    /// `runs` whose rows `k … k+H−1` all lie in the same run (`LeadTimeScores`), beside
    /// the baselines at the same lead times, in original units.
    ///
    /// Each forecast reads measured values before `k` only: the model's own forecasts fill
    /// `k … k+H−1` block by block (`O` values a network call, so one call for a direct
    /// model with `O ≥ H`, `H` calls for a one-step model), 256 origins a network batch.
    /// Pairs whose actual is in `filled` are not scored. The MASE scale is
    /// `reference.trainingScale` at every lead; the seasonal naive baseline (period
    /// `reference.seasonalPeriod`) is scored when `seasonal`.
    ///
    /// Memory: O(256 · (history + H)) beyond the scores.
    func leadTimeScores(
        _ recording: Recording, reference: ReferenceTarget, runs: [Range<Int>], leads: Int, filled: Set<Int>, seasonal: Bool
    ) -> [LeadTimeScores] {
        precondition(leads >= 1, "ForecastModel.leadTimeScores: lead times \(leads) must be ≥ 1")
        let m = reference.seasonalPeriod
        var model = Array(repeating: MetricsAccumulator(), count: leads)
        var persistence = model, seasonalNaive = model
        let origins = runs.lazy.flatMap { run in TSForecast.rows(from: run.lowerBound, to: run.upperBound - leads + 1) }
        var chunk: [Int] = []
        func scoreChunk() {
            for (k, forecast) in zip(chunk, forecasts(recording, origins: chunk, steps: leads, reference: reference)) {
                for h in 1...leads {
                    let t = k + h - 1
                    guard !filled.contains(t) else { continue }
                    let actual = reference[t]
                    model[h - 1].add(actual: actual, predicted: forecast[h - 1])
                    persistence[h - 1].add(actual: actual, predicted: reference[k - 1])
                    let season = t - m * ((h + m - 1) / m)
                    if seasonal && season >= reference.start { seasonalNaive[h - 1].add(actual: actual, predicted: reference[season]) }
                }
            }
            chunk.removeAll(keepingCapacity: true)
        }
        for k in origins {
            chunk.append(k)
            if chunk.count == 256 { scoreChunk() }
        }
        if !chunk.isEmpty { scoreChunk() }
        func scores(_ accumulator: MetricsAccumulator) -> PointScores {
            PointScores(accumulator.metrics(scale: reference.trainingScale, mode: .oneStep))
        }
        return (0..<leads).map { h in
            LeadTimeScores(
                lead: h + 1, model: scores(model[h]), persistence: scores(persistence[h]),
                seasonalNaive: seasonal ? scores(seasonalNaive[h]) : nil)
        }
    }

    /// The `steps`-step point forecasts (`QuantileReading`'s point for quantile models, the
    /// mean for Gaussian ones) from each origin `k` of the model-space `recording`, in
    /// original units (the inverse transform reads the values before `k` from
    /// `reference`): `[origin][h]`. Rows `k − history … k + steps − 1` must exist.
    private func forecasts(_ recording: Recording, origins: [Int], steps: Int, reference: ReferenceTarget) -> [[Float]] {
        let history = metadata.layout.history, o = metadata.layout.outputCount
        let reading = quantileReading
        // Each origin's rows `k − history ..< k + steps` in a track of its own, whose
        // targets from `history` on the forecasts replace (row `k` is track row `history`).
        var tracks = origins.map { k in
            var track = recording
            track.target = Array(recording.target[(k - history)..<(k + steps)])
            track.inputs = recording.inputs.map { Array($0[(k - history)..<(k + steps)]) }
            return track
        }
        for first in stride(from: history, to: history + steps, by: o) {
            let outputs = metadata.layout.predictions(predict(metadata.layout.inputs(tracks.map { ($0, first) })))
            for (n, values) in outputs.enumerated() {
                let points = reading.map { $0.read(values).map(\.point) } ?? values
                for (h, value) in points.prefix(o).enumerated() where first + h < history + steps { tracks[n].target[first + h] = value }
            }
        }
        let lost = metadata.preprocessing.transform.lostRows
        return zip(origins, tracks).map { k, track in
            metadata.preprocessing.inverseTarget(Array(track.target[history...]), history: reference.history(before: k, count: lost))
        }
    }
}
