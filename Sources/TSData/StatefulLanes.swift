/// Stateful sub-sequences: the rows of a part walked in order as `B` lanes of consecutive,
/// non-overlapping `L`-step chunks, so that a recurrent network can carry its final state
/// from one chunk of a lane to the next (truncated back-propagation through the whole
/// series, detached at every chunk boundary).
///
/// Layout. Each gap-free stretch of target rows (a segment of a recording, cut to the part,
/// its first target `history` rows into the segment) is cut into chunks of `L = spec.length`
/// rows from its start; the last chunk of a stretch may be shorter. The `C` chunks of all
/// stretches, in recording and row order, are split into `B` lanes of consecutive chunks:
/// lane `j` holds chunks `⌊jC/B⌋ ..< ⌊(j+1)C/B⌋`. Batch `t` holds chunk `t` of every lane
/// (`inputs [T, B, F]`, `T` the longest of them); a lane with fewer than `t + 1` chunks,
/// or the steps after a short chunk, are zero padding with loss weight 0.
///
/// State. A chunk `resets` when it is its lane's first or its stretch's first: the state
/// of its lane starts from zero there (never across a gap). The first `W = spec.washout`
/// steps after each reset have loss weight 0, and so do rows outside the loss rows.
public struct StatefulLanes: Sendable {
    /// One chunk of a lane: target rows `row ..< row + length` of `recording`.
    public struct Chunk: Sendable, Equatable {
        /// Index into the recordings.
        public var recording: Int
        /// First target row.
        public var row: Int
        /// Target rows (`≤ L`).
        public var length: Int
        /// Whether the lane's state is zeroed before this chunk.
        public var resets: Bool
        /// Steps of the lane since its last reset, at this chunk's first step.
        public var sinceReset: Int
    }

    /// The chunk shape: `length` is `L`, `washout` is `W`; features as `SequenceSpec`.
    public let spec: SequenceSpec
    /// The chunks of each lane, in order.
    public let lanes: [[Chunk]]
    private let recordings: [Recording]
    private let lossRows: [Range<Int>]

    /// The lane count a training part of `chunks` chunks gets with batch size `batchSize`:
    /// `B = min(batchSize, max(1, ⌊C / minimumChunksPerLane⌋))`, so a lane carries its
    /// state over at least `minimumChunksPerLane` chunks whenever `C` allows it.
    public static func laneCount(chunks: Int, batchSize: Int) -> Int {
        min(batchSize, max(1, chunks / minimumChunksPerLane))
    }

    /// The fewest chunks a lane gets when the part is short (see `laneCount`).
    public static let minimumChunksPerLane = 4

    /// Training lanes over the target rows `rows[r]` of each recording `r`, at most
    /// `batchSize` of them (`laneCount`); the loss reads every row after the washout.
    ///
    /// - Throws: `DataError.Kind.tooFewRows` when no stretch has a target row.
    public init(_ dataset: Dataset, spec: SequenceSpec, rows: [Range<Int>], batchSize: Int, context: String) throws {
        let stretches = try Self.stretches(dataset, spec: spec, rows: rows, context: context)
        let chunks = stretches.flatMap { Self.chunks(of: $0, length: spec.length!) }
        let b = Self.laneCount(chunks: chunks.count, batchSize: batchSize)
        let lanes = (0..<b).map { j in Array(chunks[(j * chunks.count / b)..<((j + 1) * chunks.count / b)]) }
        self.init(dataset.recordings, spec: spec, lanes: lanes, lossRows: rows)
    }

    /// Warmed-up lanes: one lane per stretch of `runRows[r]`, run from its start, whose loss
    /// reads only the rows of `lossRows[r]` (stretches without such rows are left out) —
    /// the validation part scored after a warm-up over the training rows before it.
    ///
    /// - Throws: `DataError.Kind.tooFewRows` when no stretch reaches a loss row.
    public init(_ dataset: Dataset, spec: SequenceSpec, runRows: [Range<Int>], lossRows: [Range<Int>], context: String) throws {
        let stretches = try Self.stretches(dataset, spec: spec, rows: runRows, context: context).filter {
            $0.rows.overlaps(lossRows[$0.recording])
        }
        guard !stretches.isEmpty else {
            throw DataError(
                .tooFewRows(needed: spec.history + 1, available: 0, context: context),
                at: DataLocation(file: dataset.recordings.first?.file ?? "", columnName: dataset.targetName))
        }
        self.init(dataset.recordings, spec: spec, lanes: stretches.map { Self.chunks(of: $0, length: spec.length!) }, lossRows: lossRows)
    }

    /// Lanes as given, with `resets` and `sinceReset` filled in from lane and stretch starts.
    private init(_ recordings: [Recording], spec: SequenceSpec, lanes: [[Chunk]], lossRows: [Range<Int>]) {
        precondition(spec.length != nil, "StatefulLanes: needs a chunk length L")
        self.spec = spec
        self.recordings = recordings
        self.lossRows = lossRows
        self.lanes = lanes.map { lane in
            var since = 0
            return lane.enumerated().map { t, chunk in
                var chunk = chunk
                chunk.resets = t == 0 || chunk.resets
                since = chunk.resets ? 0 : since
                chunk.sinceReset = since
                since += chunk.length
                return chunk
            }
        }
    }

    /// `B`, the lanes.
    public var laneCount: Int { lanes.count }

    /// Batches per pass: the most chunks of any lane.
    public var batchCount: Int { lanes.map(\.count).max() ?? 0 }

    /// Batch `t`: chunk `t` of every lane as time-major `inputs [T, B, F]`,
    /// `targets [T, B, 1]` and `weights [T, B, 1]` (see the type), and whether each lane's
    /// state is zeroed before it (`true` for a lane without chunk `t`: its padding has no
    /// state to carry).
    public func batch(_ t: Int) -> (batch: WindowBatch, resets: [Bool]) {
        precondition(t >= 0 && t < batchCount, "StatefulLanes.batch: \(t) out of 0..<\(batchCount)")
        let chunks = lanes.map { t < $0.count ? $0[t] : nil }
        let (inputs, targets, weights) = spec.batch(chunks.map { $0.map { (recordings[$0.recording], $0.row, $0.length) } }) { n, i, k in
            let chunk = chunks[n]!
            return chunk.sinceReset + i >= spec.washout && lossRows[chunk.recording].contains(k) ? 1 : 0
        }
        let present = chunks.compactMap { $0 }
        let batch = WindowBatch(
            inputs: inputs, targets: targets, weights: weights,
            samples: present.map { SampleRef(recording: $0.recording, row: $0.row) }, steps: chunks.map { $0?.length ?? 0 })
        return (batch, chunks.map { $0?.resets ?? true })
    }

    /// A gap-free run of target rows.
    private struct Stretch {
        var recording: Int
        var rows: Range<Int>
    }

    /// The stretches of target rows inside `rows[r]` with `spec.history` rows before them in
    /// their segment, in recording and row order.
    private static func stretches(_ dataset: Dataset, spec: SequenceSpec, rows: [Range<Int>], context: String) throws -> [Stretch] {
        precondition(rows.count == dataset.recordings.count, "StatefulLanes: \(rows.count) row ranges for \(dataset.recordings.count) recordings")
        precondition(spec.inputDelays.count == dataset.inputCount, "StatefulLanes: \(spec.inputDelays.count) delays for \(dataset.inputCount) inputs")
        var found: [Stretch] = []
        for (r, recording) in dataset.recordings.enumerated() {
            for segment in recording.segments {
                let low = max(segment.lowerBound + spec.history, rows[r].lowerBound)
                let high = min(segment.upperBound, rows[r].upperBound)
                if high > low { found.append(Stretch(recording: r, rows: low..<high)) }
            }
        }
        guard !found.isEmpty else {
            throw DataError(
                .tooFewRows(needed: spec.history + 1, available: rows.map(\.count).max() ?? 0, context: context),
                at: DataLocation(file: dataset.recordings.first?.file ?? "", columnName: dataset.targetName))
        }
        return found
    }

    /// `stretch` cut into `length`-row chunks from its start (the last may be shorter); the
    /// first resets.
    private static func chunks(of stretch: Stretch, length: Int) -> [Chunk] {
        stride(from: stretch.rows.lowerBound, to: stretch.rows.upperBound, by: length).map { row in
            Chunk(
                recording: stretch.recording, row: row, length: min(length, stretch.rows.upperBound - row),
                resets: row == stretch.rows.lowerBound, sinceReset: 0)
        }
    }
}
