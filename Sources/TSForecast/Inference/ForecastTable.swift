import TSData

/// Forecasts past the end of a series, in original units.
public struct ForecastTable: Sendable {
    /// Forecast times written like the input (`nil` without a regular time step).
    public var times: [String]?
    /// Chart x of each step (see `ForecastModel.plotX`).
    public var x: [Double]
    /// The forecasts `ŷ(T+1)…ŷ(T+h)`, original units.
    public var values: [Float]
    /// 95% interval bounds of Gaussian models.
    public var lower: [Float]?
    /// The upper 95% interval bounds of Gaussian models, original units.
    public var upper: [Float]?
    /// The quantile levels of a quantile model (`ForecastSetup.quantiles`).
    public var quantileLevels: [Double]?
    /// A quantile model's forecast quantiles, one column per level (`quantiles[j][i]`:
    /// level `j`, step `i`), sorted at every step, original units (see
    /// `ForecastModel.rollOut` for what they mean past the first step).
    public var quantiles: [[Float]]?

    /// `time,forecast[,lower,upper]` (`step` instead of `time` without a time axis); a
    /// quantile model writes a column `q<level>` per level instead of `lower,upper`:
    /// `time,forecast,q0.1,q0.5,q0.9`.
    public func csv() -> String {
        var header = [times == nil ? "step" : "time", "forecast"]
        if lower != nil { header += ["lower", "upper"] }
        if let quantileLevels { header += quantileLevels.map { "q\($0)" } }
        var lines = [header.joined(separator: ",")]
        for i in values.indices {
            var fields = [times?[i] ?? "\(i + 1)", "\(values[i])"]
            if let lower, let upper { fields += ["\(lower[i])", "\(upper[i])"] }
            if let quantiles { fields += quantiles.map { "\($0[i])" } }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ForecastModel {
    /// Forecasts `horizon` steps from the last row with a target value (recursively, or in
    /// blocks of `O` for direct multi-horizon models). Models with exogenous inputs read
    /// the future inputs from the rows after the last target; `horizon` defaults to the
    /// number of those rows, or to `O` without inputs.
    public func forecast(file: String, horizon: Int?) throws -> ForecastTable {
        try forecast(try load(file: file, allowFuture: true), horizon: horizon)
    }

    /// `forecast(file:horizon:)` of a series loaded with `load(file:allowFuture: true)`.
    public func forecast(_ loaded: LoadedSeries, horizon: Int?) throws -> ForecastTable {
        let future = loaded.futureInputs.first?.count ?? 0
        let hasInputs = !metadata.columns.inputs.isEmpty
        let steps = horizon ?? (hasInputs ? future : metadata.layout.outputCount)
        let location = DataLocation(file: loaded.recording.file)
        if hasInputs && steps > future {
            throw DataError(
                .tooFewRows(needed: steps, available: future, context: "future rows with inputs \(metadata.columns.inputs.joined(separator: ", ")) after the last '\(metadata.columns.target)' value for a \(steps)-step forecast"),
                at: location)
        }
        guard steps >= 1 else {
            throw DataError(.nothingToForecast, at: location)
        }
        var recording = try modelSpace(loaded)
        let n = recording.count
        guard let last = recording.segments.last, last.upperBound == n, last.count >= metadata.layout.history else {
            throw DataError(
                .tooFewRows(needed: metadata.layout.history + metadata.preprocessing.transform.lostRows, available: recording.segments.last?.count ?? 0, context: "the gap-free rows at the end of the series that a forecast reads"),
                at: location)
        }
        // One pass infers the step; the future times also feed calendar features.
        let futureTimes = loaded.time?.following(steps + metadata.layout.outputCount) ?? []
        if !(metadata.layout.seasonal?.calendar.isEmpty ?? true) {
            guard !futureTimes.isEmpty else {
                throw DataError(.tooFewRows(needed: 2, available: n, context: "regular time steps that the calendar features of future rows follow"), at: location)
            }
            recording.time!.values += futureTimes
        }
        recording.target += Array(repeating: .nan, count: steps + metadata.layout.outputCount)
        for j in recording.inputs.indices {
            let futureModel = metadata.preprocessing.transformInput(j, Array(loaded.futureInputs[j].prefix(steps)))
            recording.inputs[j] += futureModel + Array(repeating: 0, count: steps + metadata.layout.outputCount - futureModel.count)
        }
        let run = rollOut(recording, start: n, steps: steps, originalHistory: loaded.recording.target[...])
        // Empty without a regular step.
        let times = futureTimes.isEmpty ? nil : Array(futureTimes.prefix(steps))
        return ForecastTable(
            times: times.map { t in t.map { loaded.time!.format($0) } },
            x: times.map { t in t.map { plotX(time: $0, kind: loaded.time!.kind) } } ?? (n..<(n + steps)).map(Double.init),
            values: run.values, lower: run.lower, upper: run.upper, quantileLevels: run.quantiles == nil ? nil : quantileReading?.levels,
            quantiles: run.quantiles)
    }
}
