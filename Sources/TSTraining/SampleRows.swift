import TSTensor

/// What is wrong with samples (and labels) handed to a model's array entry points. Rows
/// and columns are 0-based indices into the caller's arrays.
public enum SampleInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No samples at all.
    case noSamples
    /// Row `row` has `length` values where `expected` were needed.
    case rowLength(row: Int, length: Int, expected: Int)
    /// The value at `row`, `column` is NaN or infinite.
    case notFinite(row: Int, column: Int)
    /// `labels` labels for `rows` samples.
    case labelCount(labels: Int, rows: Int)
    /// A classifier needs at least two classes; the labels hold only these.
    case tooFewClasses([String])
    /// Row `row`'s label is not one of the model's classes.
    case unknownLabel(row: Int, label: String, classes: [String])
    /// A setting the entry point cannot use, with the reason.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .noSamples: "no samples"
        case .rowLength(let row, let length, let expected): "row \(row) has \(length) values; expected \(expected)"
        case .notFinite(let row, let column): "row \(row), column \(column): value is NaN or infinite"
        case .labelCount(let labels, let rows): "\(labels) labels for \(rows) rows"
        case .tooFewClasses(let classes): "at least two classes are needed; the labels hold only \(classes)"
        case .unknownLabel(let row, let label, let classes):
            "row \(row): label \"\(label)\" is not a class of the model (\(classes.joined(separator: ", ")))"
        case .invalidSetting(let reason): reason
        }
    }
}

/// Samples given as arrays of rows, checked and packed into tensors.
public enum SampleRows {
    /// `rows` as a `[rows.count, width]` tensor (Float32), `width` being `expectedWidth`
    /// or else the first row's length.
    ///
    /// - Throws: `SampleInputError.noSamples` without rows, `.rowLength` for the first row
    ///   of another width (or of none), `.notFinite` for the first NaN or infinite value.
    public static func tensor(_ rows: [[Double]], width expectedWidth: Int? = nil) throws(SampleInputError) -> Tensor {
        guard let first = rows.first else { throw .noSamples }
        let width = expectedWidth ?? first.count
        var scalars: [Float] = []
        scalars.reserveCapacity(rows.count * width)
        for (r, row) in rows.enumerated() {
            guard row.count == width, width > 0 else { throw .rowLength(row: r, length: row.count, expected: width) }
            for (c, value) in row.enumerated() {
                guard value.isFinite else { throw .notFinite(row: r, column: c) }
                scalars.append(Float(value))
            }
        }
        return Tensor(shape: [rows.count, width], scalars: scalars)
    }

    /// Checks that `samples` is `[n, width]` with `n ≥ 1` and finite values.
    ///
    /// - Throws: `SampleInputError` as `tensor(_:width:)` does.
    public static func check(_ samples: Tensor, width: Int) throws(SampleInputError) {
        guard samples.rank == 2, samples.shape[0] > 0 else { throw .noSamples }
        guard samples.shape[1] == width else { throw .rowLength(row: 0, length: samples.shape[1], expected: width) }
        if let bad = samples.scalars.firstIndex(where: { !$0.isFinite }) {
            throw .notFinite(row: bad / width, column: bad % width)
        }
    }

    /// The rows of a `[n, w]` tensor as arrays.
    public static func arrays(_ samples: Tensor) -> [[Double]] {
        let width = samples.shape[1]
        return (0..<samples.shape[0]).map { r in samples.scalars[(r * width)..<((r + 1) * width)].map(Double.init) }
    }
}
