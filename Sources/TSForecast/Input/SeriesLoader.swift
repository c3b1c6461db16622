import TSData
import TSSupport

/// The columns a model reads, by header name.
public struct ColumnInfo: Codable, Sendable, Equatable {
    /// The target column's name.
    public var target: String
    /// The exogenous input columns' names, in order.
    public var inputs: [String]
    /// The time column's name, if any.
    public var time: String?
}

/// A CSV file read for forecasting: the history (rows up to the last target value) as a
/// dataset in original units, and the rows after it, which give future exogenous inputs.
public struct LoadedSeries: Sendable {
    /// History rows, one recording, missing-value policy applied.
    public var dataset: Dataset
    /// `futureInputs[j]`: values of input `j` in the rows after the last target value.
    public var futureInputs: [[Float]]
    /// The names of the target, input and time columns.
    public var columns: ColumnInfo
    /// Times of the history rows, when the file has a time column.
    public var time: TimeAxis?

    /// The single recording.
    public var recording: Recording { dataset.recordings[0] }
}

/// Reads CSV files as a `ForecastSetup` asks.
///
/// Without a time column named, a first header cell called `date`, `time`, `timestamp`,
/// `datetime`, `ds`, `t`, `year`, `month`, `week`, `day` or `period` (any case) is taken as the
/// time column. Without a target named, the only other numeric column is the target.
public enum SeriesLoader {
    static let timeNames: Set<String> = ["t", "date", "time", "timestamp", "datetime", "ds", "year", "month", "week", "day", "period"]

    /// Loads `file`. With `allowFuture` (models with exogenous inputs), trailing rows
    /// without a target value are future inputs, not missing values: training ignores
    /// them and forecasting reads the inputs from them.
    public static func load(
        file: String, target: String?, inputs: [String], timeColumn: String?, missing: MissingValuePolicy, allowFuture: Bool = false
    ) throws -> LoadedSeries {
        try loadAll(file: file, target: target, inputs: inputs, timeColumn: timeColumn, idColumn: nil, missing: missing, allowFuture: allowFuture)[0]
    }

    /// Loads every series of `file`: the file's one series, or with `idColumn` one series per
    /// id value of a long-format file (rows of an id need not be contiguous), named by its
    /// id, in order of first appearance. Each series is checked as `load` checks one; with
    /// `allowFuture`, each has its own future rows.
    public static func loadAll(
        file: String, target: String?, inputs: [String], timeColumn: String?, idColumn: String?, missing: MissingValuePolicy,
        allowFuture: Bool = false
    ) throws -> [LoadedSeries] {
        let time = try timeColumn ?? detectTimeColumn(file, skipping: idColumn)
        let selected: [ColumnRef]? = target.map { ([$0] + inputs).map(ColumnRef.name) }
        let options = CSVOptions(columns: selected, timeColumn: time.map(ColumnRef.name), idColumn: idColumn.map(ColumnRef.name))
        let all = try CSVReader(options: options).read(file: file)
        guard let first = all.first else {
            throw DataError(.headerOnly, at: DataLocation(file: URL(fileURLWithPath: file, isDirectory: false).lastPathComponent, line: 2))
        }
        let targetName = try target ?? onlyNumericColumn(first, inputs: inputs)
        return try all.map { read in
            var series = read
            let targetIndex = try series.columnIndex(targetName)
            var futureInputs: [[Float]] = []
            if allowFuture, let last = series.columns[targetIndex].lastIndex(where: { !$0.isNaN }), last + 1 < series.count {
                let future = (last + 1)..<series.count
                futureInputs = try inputs.map { Array(try series.column($0)[future]) }
                series = truncated(series, to: last + 1)
            }
            return try LoadedSeries(series: series, target: targetName, inputs: inputs, timeName: time, futureInputs: futureInputs, missing: missing)
        }
    }

    /// Loads `file` with the columns and missing-value policy of `setup`; `allowFuture`
    /// defaults to whether the setup has exogenous inputs.
    public static func load(file: String, setup: ForecastSetup, allowFuture: Bool? = nil) throws -> LoadedSeries {
        try load(
            file: file, target: setup.target, inputs: setup.inputs, timeColumn: setup.timeColumn, missing: setup.missing,
            allowFuture: allowFuture ?? !setup.inputs.isEmpty)
    }

    /// Every series of `file` under `setup` (one per id with `setup.idColumn`); `allowFuture`
    /// defaults to whether the setup has exogenous inputs.
    public static func loadAll(file: String, setup: ForecastSetup, allowFuture: Bool? = nil) throws -> [LoadedSeries] {
        try loadAll(
            file: file, target: setup.target, inputs: setup.inputs, timeColumn: setup.timeColumn, idColumn: setup.idColumn,
            missing: setup.missing, allowFuture: allowFuture ?? !setup.inputs.isEmpty)
    }

    /// The first header cell (after the id column `skipping`, when that comes first) when it
    /// names a time column, else `nil`.
    static func detectTimeColumn(_ file: String, skipping idColumn: String? = nil) throws -> String? {
        guard let handle = fopen(file, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = fread(&bytes, 1, bytes.count, handle)
        let head = String(decoding: bytes[..<count], as: UTF8.self)
        guard let line = head.split(whereSeparator: \.isNewline).first else { return nil }
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).prefix(2).map {
            String($0).trimming { "\u{FEFF}\" \t".unicodeScalars.contains($0) }
        }
        let cell = (idColumn != nil && cells.first == idColumn ? cells.dropFirst().first : cells.first) ?? ""
        return timeNames.contains(cell.lowercased()) ? cell : nil
    }

    /// The one numeric column that is not an input; otherwise an error listing them.
    static func onlyNumericColumn(_ series: TimeSeries, inputs: [String]) throws -> String {
        let candidates = series.columnNames.filter { !inputs.contains($0) }
        guard candidates.count == 1 else {
            throw DataError(.ambiguousTarget(columns: candidates), at: DataLocation(file: series.file, line: 1))
        }
        return candidates[0]
    }

    /// The first `rows` rows of `series`.
    static func truncated(_ series: TimeSeries, to rows: Int) -> TimeSeries {
        TimeSeries(
            name: series.name, file: series.file, columnNames: series.columnNames, columns: series.columns.map { Array($0[..<rows]) },
            fileColumns: series.fileColumns, lines: series.lines.rows(0..<rows),
            time: series.time.map { TimeAxis(kind: $0.kind, values: Array($0.values[..<rows])) })
    }
}
