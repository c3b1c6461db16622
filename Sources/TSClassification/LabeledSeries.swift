import TSData
import TSTensor

/// Equal-length samples, one per CSV row, each with a class label (the UCR archive's
/// layout): `values` holds `count × length` numbers row-major, `labels[i]` the text of row
/// `i`'s label cell (`nil` entries only when the file has no label column).
public struct LabeledSeries: Sendable {
    /// The file name, for error messages.
    public var file: String
    /// The value columns' header names, in order (`length` of them).
    public var columns: [String]
    /// The label column's header name, or `nil` when the file has none.
    public var labelColumn: String?
    /// `count × length` values, row-major.
    public var values: [Float]
    /// Each row's label text; empty when there is no label column.
    public var labels: [String]
    /// The 1-based file line of each row.
    public var lines: [Int]

    /// Values per sample.
    public var length: Int { columns.count }
    /// Number of samples.
    public var count: Int { lines.count }

    /// The samples as `[count, length]`, scaled by `normalization`.
    public func samples(_ normalization: SeriesNormalization) -> Tensor {
        var scaled = values
        normalization.apply(to: &scaled, length: length)
        return Tensor(shape: [count, length], scalars: scaled)
    }

    /// The distinct labels in class order: numerically when every label is an integer
    /// (`"2" < "10"`), else lexicographically.
    public var classes: [String] { Self.classOrder(labels) }

    /// The distinct `labels` in class order: numerically when every label is an integer
    /// (`"2" < "10"`), else lexicographically.
    public static func classOrder(_ labels: [String]) -> [String] {
        let distinct = Set(labels)
        if distinct.allSatisfy({ Int($0) != nil }) { return distinct.sorted { Int($0)! < Int($1)! } }
        return distinct.sorted()
    }

    /// Each row's class index in `classes`.
    ///
    /// - Throws: `DataError` naming the line and label column of the first label that is
    ///   not one of `classes` (a class the model was not trained on), or when the file
    ///   has no label column.
    public func classIndices(_ classes: [String]) throws -> [Int] {
        guard let labelColumn else {
            throw DataError(.invalidSetting("the file has no label column"), at: DataLocation(file: file))
        }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        return try labels.enumerated().map { row, label in
            guard let c = index[label] else {
                throw DataError(
                    .invalidSetting("label \"\(label)\" is not a class of the model (\(classes.joined(separator: ", ")))"),
                    at: DataLocation(file: file, line: lines[row], columnName: labelColumn))
            }
            return c
        }
    }
}
