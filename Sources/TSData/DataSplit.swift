/// A part of a chronological split.
public enum DataPart: String, Sendable, Codable, CaseIterable {
    /// Fits the model and the scalers.
    case train
    /// Early stopping / model choice.
    case validation
    /// Final evaluation.
    case test
}

/// How to cut each recording into train / validation / test parts, in time order.
public enum SplitRule: Sendable, Codable, Equatable {
    /// Fractions of each recording's rows: train `[0, ⌊train·T⌋)`, validation up to
    /// `⌊(train + validation)·T⌋`, test the rest. Fractions must be ≥ 0 and sum to 1.
    case fractions(train: Double, validation: Double, test: Double)
    /// The last `test` rows are the test part, the `validation` rows before them the
    /// validation part, everything earlier the training part.
    case counts(validation: Int, test: Int)
    /// Rows with time `< validationStart` are training, `< testStart` validation, the rest
    /// test (needs a time column).
    case time(validationStart: Double, testStart: Double)

    /// 0.70 / 0.15 / 0.15.
    public static let standard = SplitRule.fractions(train: 0.70, validation: 0.15, test: 0.15)
}

/// Row boundaries of the three parts of every recording.
///
/// Part `p` of recording `r` holds the *target* rows `rows(p, recording: r)`. A window
/// belongs to a part when all its targets lie in the part; its inputs may read earlier rows
/// (history from earlier parts), never later ones, so no target of a later part leaks into
/// training.
public struct DataSplit: Sendable, Codable, Equatable {
    /// Per recording: `[validationStart, testStart, end]` row indices.
    public var boundaries: [[Int]]

    /// Boundaries of `dataset` under `rule`.
    public init(_ dataset: Dataset, rule: SplitRule = .standard) throws {
        boundaries = try dataset.recordings.map { r in
            let n = r.count
            switch rule {
            case .fractions(let train, let validation, let test):
                guard train >= 0, validation >= 0, test >= 0, abs(train + validation + test - 1) < 1e-9 else {
                    throw DataError(
                        .invalidSetting("split fractions \(train)/\(validation)/\(test) must be ≥ 0 and sum to 1"),
                        at: DataLocation(file: r.file))
                }
                let a = Int((train * Double(n) + 1e-9).rounded(.down))
                let b = min(n, Int(((train + validation) * Double(n) + 1e-9).rounded(.down)))
                return [a, b, n]
            case .counts(let validation, let test):
                guard validation >= 0, test >= 0, validation + test <= n else {
                    throw DataError(
                        .tooFewRows(needed: validation + test, available: n, context: "a split with \(validation) validation and \(test) test rows"),
                        at: DataLocation(file: r.file))
                }
                return [n - validation - test, n - test, n]
            case .time(let validationStart, let testStart):
                guard let t = r.time?.values else {
                    throw DataError(.invalidSetting("a split by time needs a time column"), at: DataLocation(file: r.file))
                }
                let a = t.firstIndex { $0 >= validationStart } ?? n
                let b = max(a, t.firstIndex { $0 >= testStart } ?? n)
                return [a, b, n]
            }
        }
    }

    /// The target rows of `part` in recording `recording`.
    public func rows(_ part: DataPart, recording: Int) -> Range<Int> {
        let b = boundaries[recording]
        switch part {
        case .train: return 0..<b[0]
        case .validation: return b[0]..<b[1]
        case .test: return b[1]..<b[2]
        }
    }

    /// The target rows of `part` for every recording.
    public func rows(_ part: DataPart) -> [Range<Int>] {
        boundaries.indices.map { rows(part, recording: $0) }
    }
}
