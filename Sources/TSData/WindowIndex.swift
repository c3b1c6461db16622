/// Where one sample's first target sits: recording and row.
///
/// For a NARX window the targets are rows `row ..< row + horizon`; for a sub-sequence the
/// target of time step `t` is row `row + t`. Rows index the `Recording` arrays, whose
/// `lines[row]` names the file line.
public struct SampleRef: Hashable, Sendable, Codable {
    /// Index into `Dataset.recordings`.
    public var recording: Int
    /// Row of the first target.
    public var row: Int

    /// Row `row` of recording `recording`.
    public init(recording: Int, row: Int) {
        self.recording = recording
        self.row = row
    }
}

/// The windows of one part as arithmetic runs, never materialised: memory O(segments).
///
/// A run holds the windows whose first target row is `first + i·stride`, `i < count`,
/// each spanning `length` target rows, with `history` rows readable before `first`.
struct WindowIndex: Sendable {
    struct Run: Sendable {
        var recording: Int
        var first: Int
        var count: Int
        var length: Int
    }

    private(set) var runs: [Run] = []
    private var starts: [Int] = []
    let stride: Int
    /// Total number of windows.
    private(set) var count = 0

    /// Windows over the target rows `rows[r]` of each recording, inside its segments.
    ///
    /// - Parameters:
    ///   - history: rows needed before a window's first target (inside the same segment).
    ///   - span: target rows per window, or `nil` for one window per gap-free stretch
    ///     (whole-series unfolding) of at least `minimumSpan` rows.
    ///   - lead: rows needed after a window's last target row (inside the same segment and
    ///     `rows[r]`): `H − 1` when each step also has the targets of `H − 1` later rows.
    /// - Throws: `DataError.Kind.tooFewRows` when there is no window at all.
    init(
        _ dataset: Dataset, rows: [Range<Int>], history: Int, span: Int?, minimumSpan: Int = 1, stride: Int, lead: Int = 0,
        context: String
    ) throws {
        precondition(rows.count == dataset.recordings.count, "WindowIndex: \(rows.count) row ranges for \(dataset.recordings.count) recordings")
        precondition(
            stride >= 1 && history >= 0 && lead >= 0 && (span ?? 1) >= 1,
            "WindowIndex: stride \(stride), history \(history), lead \(lead), span \(String(describing: span))")
        self.stride = stride
        var longest = 0
        for (r, recording) in dataset.recordings.enumerated() {
            for segment in recording.segments {
                let low = max(segment.lowerBound + history, rows[r].lowerBound)
                let high = min(segment.upperBound, rows[r].upperBound) - lead
                longest = max(longest, high + lead - max(segment.lowerBound, rows[r].lowerBound - history))
                let n: Int
                let length: Int
                if let span {
                    n = high - span >= low ? (high - span - low) / stride + 1 : 0
                    length = span
                } else {
                    length = high - low
                    n = length >= minimumSpan ? 1 : 0
                }
                guard n > 0 else { continue }
                starts.append(count)
                runs.append(Run(recording: r, first: low, count: n, length: length))
                count += n
            }
        }
        guard count > 0 else {
            throw DataError(
                .tooFewRows(needed: history + (span ?? minimumSpan) + lead, available: max(0, longest), context: context),
                at: DataLocation(file: dataset.recordings.first?.file ?? "", columnName: dataset.targetName))
        }
    }

    /// The first target row and target length of window `i`.
    func locate(_ i: Int) -> (SampleRef, length: Int) {
        precondition(i >= 0 && i < count, "WindowIndex.locate: window \(i) out of 0..<\(count)")
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= i { low = mid } else { high = mid - 1 }
        }
        let run = runs[low]
        return (SampleRef(recording: run.recording, row: run.first + (i - starts[low]) * stride), run.length)
    }
}
