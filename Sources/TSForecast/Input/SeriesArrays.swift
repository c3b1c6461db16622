import TSData
import TSSupport

/// Row times of a series built from arrays.
public enum SeriesTimes: Sendable, Equatable {
    /// Instants (UTC). All at midnight: written as ISO dates (`1958-03-29`), else as
    /// date-times (`2020-01-01T06:00:00Z`), like a CSV time column.
    case dates([Date])
    /// Integer steps (`1871`, `1872`, …), like a numeric CSV time column.
    case steps([Int])

    /// The times as a `TimeAxis` (seconds since 1970 for dates, the numbers for steps).
    var axis: TimeAxis {
        switch self {
        case .dates(let dates):
            let seconds = dates.map(\.timeIntervalSince1970)
            return TimeAxis(kind: seconds.allSatisfy { $0.remainder(dividingBy: 86_400) == 0 } ? .date : .dateTime, values: seconds)
        case .steps(let steps):
            return TimeAxis(kind: .number, values: steps.map(Double.init))
        }
    }
}

extension LoadedSeries {
    /// A series from arrays, validated like a CSV file and prepared under `missing`.
    ///
    /// Row `i` of the arrays stands where line `i + 2` of the equivalent CSV file would
    /// (line 1 being the header), so error messages read
    /// `name:line:column` with the target as column 1 (or 2 after a time column) and the
    /// inputs after it, in the order given. A NaN is a missing value: `.error` refuses it,
    /// the other policies fill or drop it exactly as for a CSV cell; never is it trained on.
    ///
    /// - Parameters:
    ///   - name: the series name used in messages (the CSV file name's place).
    ///   - target: `y(t)`, one value per row, original units.
    ///   - targetName: the target column's name, stored in model files.
    ///   - time: the row times (strictly increasing), or `nil`.
    ///   - timeName: the time column's name, stored in model files.
    ///   - inputs: exogenous columns `u_j(t)`, each as long as `target`.
    ///   - futureInputs: values of each input after the last row, for forecasts of models
    ///     with inputs; `futureInputs[j]` matches `inputs[j]` (all the same length).
    ///   - missing: the missing-value policy.
    /// - Throws: `DataError`: columns of different lengths (`raggedRow`), an infinite
    ///   value (`notFinite`), times not strictly increasing, a duplicate column name,
    ///   missing values under `.error`, or no rows at all (`headerOnly`).
    public init(
        name: String = "series", target: [Float], targetName: String = "y", time: SeriesTimes? = nil, timeName: String = "time",
        inputs: [(name: String, values: [Float])] = [], futureInputs: [[Float]] = [], missing: MissingValuePolicy = .error
    ) throws {
        let axis = time?.axis
        let offset = axis == nil ? 1 : 2
        let names = [targetName] + inputs.map(\.name)
        let columns = [target] + inputs.map(\.values)
        let fileColumns = names.indices.map { $0 + offset }
        try Self.validate(columns: columns, names: names, fileColumns: fileColumns, times: axis, file: name)
        try Self.validate(futureInputs: futureInputs, names: Array(names.dropFirst()), file: name)
        let series = TimeSeries(
            name: name, file: name, columnNames: names, columns: columns, fileColumns: fileColumns,
            lines: RowLines(count: target.count, firstLine: 2), time: axis)
        try self.init(series: series, target: targetName, inputs: inputs.map(\.name), timeName: axis == nil ? nil : timeName, futureInputs: futureInputs, missing: missing)
    }

    /// A series from a read or built `TimeSeries` (empty `futureInputs` when there are
    /// none): the one place both CSV files and arrays become a `LoadedSeries`, so both see
    /// the same `Dataset` checks.
    init(series: TimeSeries, target: String, inputs: [String], timeName: String?, futureInputs: [[Float]], missing: MissingValuePolicy) throws {
        let dataset = try Dataset(series: [series], target: target, inputs: inputs, missing: missing)
        let future = futureInputs.isEmpty ? Array(repeating: [Float](), count: inputs.count) : futureInputs
        self.init(dataset: dataset, futureInputs: future, columns: ColumnInfo(target: target, inputs: inputs, time: timeName), time: series.time)
    }

    /// Checks what the CSV reader checks while parsing: equal column lengths, finite
    /// values (NaN allowed: missing), distinct names, increasing times, at least one row.
    /// Row `i` is line `i + 2`.
    private static func validate(columns: [[Float]], names: [String], fileColumns: [Int], times: TimeAxis?, file: String) throws {
        let rows = columns[0].count
        guard rows > 0 else { throw DataError(.headerOnly, at: DataLocation(file: file, line: 2)) }
        for (c, name) in names.enumerated() {
            if let first = names[..<c].firstIndex(of: name) {
                throw DataError(.duplicateColumn(name, firstColumn: fileColumns[first]), at: DataLocation(file: file, line: 1, column: fileColumns[c]))
            }
            if columns[c].count != rows {
                throw DataError(.raggedRow(expected: rows, found: columns[c].count), at: DataLocation(file: file, line: 1, column: fileColumns[c], columnName: name))
            }
            if let row = columns[c].firstIndex(where: \.isInfinite) {
                throw DataError(.notFinite("\(columns[c][row])"), at: DataLocation(file: file, line: row + 2, column: fileColumns[c], columnName: name))
            }
        }
        guard let times else { return }
        guard times.values.count == rows else {
            throw DataError(.raggedRow(expected: rows, found: times.values.count), at: DataLocation(file: file, line: 1, column: 1))
        }
        if let i = times.values.indices.dropFirst().first(where: { times.values[$0] <= times.values[$0 - 1] }) {
            let (now, before) = (times.values[i], times.values[i - 1])
            throw DataError(
                .timeNotIncreasing(times.format(now), previous: times.format(before), previousLine: i + 1, duplicate: now == before),
                at: DataLocation(file: file, line: i + 2, column: 1))
        }
    }

    /// Future inputs: one array per input, all the same length, every value finite.
    private static func validate(futureInputs: [[Float]], names: [String], file: String) throws {
        guard !futureInputs.isEmpty else { return }
        let location = DataLocation(file: file)
        guard futureInputs.count == names.count else {
            throw DataError(.invalidSetting("\(futureInputs.count) future input arrays for \(names.count) inputs (\(names.joined(separator: ", ")))"), at: location)
        }
        for (j, values) in futureInputs.enumerated() {
            guard values.count == futureInputs[0].count else {
                throw DataError(.invalidSetting("future values of '\(names[j])': \(values.count), of '\(names[0])': \(futureInputs[0].count); they must be as many"), at: location)
            }
            if let bad = values.first(where: { !$0.isFinite }) {
                throw DataError(.invalidValue(bad, reason: "future values of input '\(names[j])' must be finite: a forecast reads every one"), at: location)
            }
        }
    }

    /// Several series from arrays with the same columns (one per id), validated each as
    /// `init(name:target:…)` does.
    ///
    /// - Parameters:
    ///   - ids: the series names, one per element of `targets`.
    ///   - targets: `targets[s]` is series `s`'s target.
    ///   - targetName: the target column's name, shared by all series.
    ///   - inputs: `inputs[s]` is series `s`'s inputs (empty array: none).
    ///   - missing: the missing-value policy applied to each series.
    public static func many(
        ids: [String], targets: [[Float]], targetName: String = "y", inputs: [[(name: String, values: [Float])]]? = nil,
        missing: MissingValuePolicy = .error
    ) throws -> [LoadedSeries] {
        guard ids.count == targets.count, inputs.map({ $0.count == ids.count }) ?? true else {
            throw DataError(.invalidSetting("\(ids.count) ids, \(targets.count) targets, \(inputs?.count ?? 0) input sets: they must be as many"), at: DataLocation(file: "series"))
        }
        return try ids.indices.map { s in
            try LoadedSeries(name: ids[s], target: targets[s], targetName: targetName, inputs: inputs?[s] ?? [], missing: missing)
        }
    }
}
