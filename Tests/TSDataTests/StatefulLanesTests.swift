import Testing
import TSData
import TSTensor

/// The lane/chunk layout of stateful sub-sequences on hand-made series whose target is its
/// row number (`y(t) = t`), so every batch entry names the row it came from.
@Suite struct StatefulLanesTests {
    /// Lane `n` of a batch: the target rows of its steps (`nil` for padding, weight 0 and
    /// zero input) with their weights, and its inputs `y(k−1)`.
    static func lane(_ batch: WindowBatch, _ n: Int) -> (rows: [Int?], weights: [Float], inputs: [Float]) {
        let (steps, b) = (batch.targets.shape[0], batch.targets.shape[1])
        let entries = (0..<steps).map { t in t * b + n }
        let rows: [Int?] = entries.enumerated().map { t, i in t < batch.steps[n] ? Int(batch.targets.scalars[i]) : nil }
        return (rows, entries.map { batch.weights!.scalars[$0] }, entries.map { batch.inputs.scalars[$0] })
    }

    @Test func lanesTakeConsecutiveChunksAndBatchesWalkThemInOrder() throws {
        // 30 rows, history 1: target rows 1..<30 = 29 rows → chunks of 3 at 1, 4, …, 25 and
        // a short one at 28 (rows 28, 29): C = 10 → B = min(2, ⌊10/4⌋) = 2 lanes of 5.
        let dataset = try indexDataset(rows: 30)
        let lanes = try StatefulLanes(
            dataset, spec: SequenceSpec(length: 3, washout: 1), rows: [0..<30], batchSize: 2, context: "test")
        #expect(lanes.laneCount == 2)
        #expect(lanes.batchCount == 5)
        #expect(lanes.lanes[0].map(\.row) == [1, 4, 7, 10, 13])
        #expect(lanes.lanes[1].map(\.row) == [16, 19, 22, 25, 28])
        #expect(lanes.lanes[1].map(\.length) == [3, 3, 3, 3, 2])

        let (first, firstResets) = lanes.batch(0)
        #expect(firstResets == [true, true])
        #expect(first.inputs.shape == [3, 2, 1])
        #expect(Self.lane(first, 0).rows == [1, 2, 3])
        #expect(Self.lane(first, 1).rows == [16, 17, 18])
        #expect(Self.lane(first, 0).inputs == [0, 1, 2])  // y(k−1)
        #expect(Self.lane(first, 0).weights == [0, 1, 1])  // washout 1 after the reset
        #expect(Self.lane(first, 1).weights == [0, 1, 1])

        let (second, secondResets) = lanes.batch(1)
        #expect(secondResets == [false, false])
        #expect(Self.lane(second, 0).rows == [4, 5, 6])
        #expect(Self.lane(second, 1).rows == [19, 20, 21])
        #expect(Self.lane(second, 0).weights == [1, 1, 1])

        // The last batch: lane 1's short chunk is padded (no target, weight 0, input 0).
        let (last, _) = lanes.batch(4)
        #expect(Self.lane(last, 0).rows == [13, 14, 15])
        #expect(Self.lane(last, 1).rows == [28, 29, nil])
        #expect(Self.lane(last, 1).weights == [1, 1, 0])
        #expect(Self.lane(last, 1).inputs == [27, 28, 0])
        #expect(last.samples == [SampleRef(recording: 0, row: 13), SampleRef(recording: 0, row: 28)])

        // Every target row is in exactly one chunk.
        let covered = lanes.lanes.joined().flatMap { $0.row..<($0.row + $0.length) }
        #expect(covered == Array(1..<30))
    }

    @Test func stateResetsAtGapsAndAtTheNextRecording() throws {
        // Two recordings; the first has a gap (segments 0..<11 and 13..<30). Stretches of
        // target rows (history 1): r0 1..<11, r0 14..<30, r1 1..<9. L = 4 → chunks
        // 1, 5, 9 | 14, 18, 22, 26 | 1, 5 (C = 9) → B = ⌊9/4⌋ = 2 lanes (4 and 5 chunks).
        var dataset = try indexDataset(rows: 30, recordings: 2)
        dataset.recordings[0].segments = [0..<11, 13..<30]
        dataset.recordings[1].segments = [0..<9]
        let lanes = try StatefulLanes(
            dataset, spec: SequenceSpec(length: 4, washout: 2), rows: [0..<30, 0..<30], batchSize: 8, context: "test")
        #expect(lanes.laneCount == 2)
        #expect(lanes.lanes[0].map { [$0.recording, $0.row, $0.length] } == [[0, 1, 4], [0, 5, 4], [0, 9, 2], [0, 14, 4]])
        #expect(lanes.lanes[0].map(\.resets) == [true, false, false, true])
        #expect(lanes.lanes[0].map(\.sinceReset) == [0, 4, 8, 0])
        #expect(lanes.lanes[1].map { [$0.recording, $0.row] } == [[0, 18], [0, 22], [0, 26], [1, 1], [1, 5]])
        #expect(lanes.lanes[1].map(\.resets) == [true, false, false, true, false])

        // Batch 3: lane 0 starts the stretch after the gap, lane 1 starts recording 1;
        // both reset, and the washout (2 steps) applies after each reset.
        let (batch, resets) = lanes.batch(3)
        #expect(resets == [true, true])
        #expect(Self.lane(batch, 0).rows == [14, 15, 16, 17])
        #expect(Self.lane(batch, 0).weights == [0, 0, 1, 1])
        #expect(Self.lane(batch, 1).weights == [0, 0, 1, 1])
        #expect(batch.samples == [SampleRef(recording: 0, row: 14), SampleRef(recording: 1, row: 1)])
        // Batch 4: lane 0 has run out (padding, reset flag set); lane 1 carries on.
        let (end, endResets) = lanes.batch(4)
        #expect(endResets == [true, false])
        #expect(Self.lane(end, 0).weights == [0, 0, 0, 0])
        #expect(Self.lane(end, 1).rows == [5, 6, 7, 8])
    }

    @Test func laneCountFollowsTheBatchSizeAndTheSeriesLength() {
        #expect(StatefulLanes.laneCount(chunks: 1000, batchSize: 32) == 32)
        #expect(StatefulLanes.laneCount(chunks: 100, batchSize: 32) == 25)  // ≥ 4 chunks a lane
        #expect(StatefulLanes.laneCount(chunks: 7, batchSize: 32) == 1)
        #expect(StatefulLanes.laneCount(chunks: 2, batchSize: 32) == 1)
    }

    @Test func warmedUpLanesScoreOnlyTheLossRows() throws {
        // Validation after a warm-up: run rows 0..<20 of one stretch (target rows 1..<20),
        // score only 15..<20.
        let dataset = try indexDataset(rows: 30)
        let lanes = try StatefulLanes(
            dataset, spec: SequenceSpec(length: 4, washout: 2), runRows: [0..<20], lossRows: [15..<20], context: "test")
        #expect(lanes.laneCount == 1)
        #expect(lanes.lanes[0].map(\.row) == [1, 5, 9, 13, 17])
        var scored: [Int] = []
        for t in 0..<lanes.batchCount {
            let (rows, weights, _) = Self.lane(lanes.batch(t).batch, 0)
            for (row, w) in zip(rows, weights) where w > 0 { scored.append(row!) }
        }
        #expect(scored == Array(15..<20))
        // No stretch reaching the loss rows: a data error, not an empty pass.
        #expect(throws: DataError.self) {
            try StatefulLanes(dataset, spec: SequenceSpec(length: 4), runRows: [0..<20], lossRows: [25..<30], context: "test")
        }
    }
}
