import TSData
import TSSupport

/// Reads a labeled-series CSV: a header row, then one sample per row; every column but the
/// label column holds a number (the series values, or an image's pixels row by row), the
/// label column any text (`1`, `-1`, `cat`).
///
/// ```text
/// label,t0,t1,t2
/// 1,-0.64,-0.65,-0.64
/// 2,-0.78,-0.77,-0.77
/// ```
///
/// Fields are separated by commas and not quoted; blank lines are skipped; `\r\n` line ends
/// are accepted. Any problem throws one `DataError` naming the file, line and column: a
/// missing label column (listing the header), a row with another number of fields than the
/// header, a value that is not a finite number, an empty label, a quote character, no data
/// rows.
public enum LabeledSeriesReader {
    /// Reads `path`. With `labelColumn`, that column must exist unless `labelRequired` is
    /// false (data to classify, which may or may not carry labels); without, every column
    /// holds values.
    public static func read(file path: String, labelColumn: String?, labelRequired: Bool = true) throws -> LabeledSeries {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        // An empty regular file is refused before reading (`PathKind.regularFileSize`).
        if PathKind.regularFileSize(path) == 0 { throw DataError(.emptyFile, at: DataLocation(file: name)) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path, isDirectory: false))
        } catch {
            throw DataError(.unreadable(reason: "no such file or not readable"), at: DataLocation(file: name))
        }
        return try parse(String(decoding: data, as: UTF8.self), file: name, labelColumn: labelColumn, labelRequired: labelRequired)
    }

    /// Parses the text of a labeled-series file; `file` names it in errors.
    public static func parse(_ text: String, file: String, labelColumn: String?, labelRequired: Bool = true) throws -> LabeledSeries {
        var rows: [(line: Int, fields: [Substring])] = []
        // "\r\n" is one Character in Swift, so both line ends are separators.
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if let column = fields.firstIndex(where: { $0.contains("\"") }) {
                throw DataError(
                    .invalidSetting("quoted fields are not supported in a labeled-series file"),
                    at: DataLocation(file: file, line: i + 1, column: column + 1))
            }
            rows.append((i + 1, fields))
        }
        guard let header = rows.first else { throw DataError(.emptyFile, at: DataLocation(file: file)) }
        guard rows.count > 1 else { throw DataError(.headerOnly, at: DataLocation(file: file, line: header.line)) }
        let names = header.fields.map { $0.trimmed }
        var seen: [String: Int] = [:]
        for (c, name) in names.enumerated() {
            if let first = seen[name] {
                throw DataError(.duplicateColumn(name, firstColumn: first + 1), at: DataLocation(file: file, line: header.line, column: c + 1))
            }
            seen[name] = c
        }
        var labelIndex: Int?
        if let labelColumn, labelRequired || seen[labelColumn] != nil {
            guard let c = seen[labelColumn] else {
                throw DataError(.unknownColumn("'\(labelColumn)'", available: names), at: DataLocation(file: file, line: header.line))
            }
            labelIndex = c
        }
        let valueColumns = names.indices.filter { $0 != labelIndex }
        guard !valueColumns.isEmpty else {
            throw DataError(.invalidSetting("the file has no value columns besides the label"), at: DataLocation(file: file, line: header.line))
        }
        var result = LabeledSeries(
            file: file, columns: valueColumns.map { names[$0] }, labelColumn: labelIndex.map { names[$0] }, values: [], labels: [],
            lines: [])
        result.values.reserveCapacity((rows.count - 1) * valueColumns.count)
        for (line, fields) in rows.dropFirst() {
            guard fields.count == names.count else {
                throw DataError(.raggedRow(expected: names.count, found: fields.count), at: DataLocation(file: file, line: line))
            }
            for c in valueColumns {
                let cell = fields[c].trimmed
                let location = DataLocation(file: file, line: line, column: c + 1, columnName: names[c])
                guard let value = Float(cell) else { throw DataError(.notANumber(cell), at: location) }
                guard value.isFinite else { throw DataError(.notFinite(cell), at: location) }
                result.values.append(value)
            }
            if let labelIndex {
                let label = fields[labelIndex].trimmed
                guard !label.isEmpty else {
                    throw DataError(
                        .invalidSetting("empty label"),
                        at: DataLocation(file: file, line: line, column: labelIndex + 1, columnName: names[labelIndex]))
                }
                result.labels.append(label)
            }
            result.lines.append(line)
        }
        return result
    }
}

extension Substring {
    /// The field without leading and trailing spaces and tabs.
    fileprivate var trimmed: String {
        var field = self
        while let c = field.first, c == " " || c == "\t" { field.removeFirst() }
        while let c = field.last, c == " " || c == "\t" { field.removeLast() }
        return String(field)
    }
}
