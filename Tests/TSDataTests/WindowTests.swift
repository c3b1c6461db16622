import Foundation
import Testing
import TSData
import TSTensor

/// On a series with `y(t) = t` (and `u_j(t) = 1000·(j+1) + t`) every window is a range.
@Suite struct WindowTests {
    /// A lag window's sub-sequences (washout `L − 1`, `L = 1` included) say `.lastStep`; a
    /// shorter washout, `.afterWashout(W)`; none, `.every`; regressor windows, `.every`.
    @Test func lossSpanFollowsTheSpec() throws {
        let dataset = try indexDataset(rows: 20)
        func span(_ length: Int, washout: Int) throws -> LossSpan {
            try SequenceWindows(dataset, spec: SequenceSpec(length: length, washout: washout), rows: [0..<20]).lossSpan
        }
        #expect(try span(4, washout: 3) == .lastStep)
        #expect(try span(1, washout: 0) == .lastStep)
        #expect(try span(4, washout: 2) == .afterWashout(2))
        #expect(try span(4, washout: 0) == .every)
        #expect(try NARXWindows(dataset, spec: .lagged(3), rows: [0..<20]).lossSpan == .every)
    }

    @Test func laggedWindowsWithHorizonAndStride() throws {
        let dataset = try indexDataset(rows: 20)
        let windows = try NARXWindows(dataset, spec: .lagged(3, horizon: 2, stride: 4), rows: [0..<20])
        // First target k = 3 (needs y(0…2)); last k with k+1 < 20 on the stride grid: 3, 7, 11, 15.
        #expect(windows.count == 4)
        let batch = windows.batch(0..<4)
        #expect(batch.inputs.shape == [4, 3])
        #expect(batch.targets.shape == [4, 2])
        #expect(batch.inputs.scalars == [2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12])
        #expect(batch.targets.scalars == [3, 4, 7, 8, 11, 12, 15, 16])
        #expect(batch.samples.map(\.row) == [3, 7, 11, 15])
    }

    @Test func narxRegressorsWithDelaysAndFeedThrough() throws {
        let dataset = try indexDataset(rows: 30, inputs: 2)
        let spec = NARXSpec(outputLags: 2, inputLags: [InputLag(order: 3, delay: 1), InputLag(order: 2, delay: 0)])
        #expect(spec.featureCount == 7)
        #expect(spec.history == 3)
        let windows = try NARXWindows(dataset, spec: spec, rows: [0..<30])
        #expect(windows.count == 27)
        let batch = windows.batch([0, 10])
        // k = 3: y(2), y(1); u1(2), u1(1), u1(0); u2(3), u2(2).
        #expect(batch.inputs.scalars[0..<7] == [2, 1, 1002, 1001, 1000, 2003, 2002])
        #expect(batch.inputs.scalars[7..<14] == [12, 11, 1012, 1011, 1010, 2013, 2012])
        #expect(batch.targets.scalars == [3, 13])
    }

    @Test func subSequencesOverlappingAndBackToBackWithWashout() throws {
        let dataset = try indexDataset(rows: 12, inputs: 1)
        let spec = SequenceSpec(length: 4, stride: 2, washout: 1, inputDelays: [0])
        let windows = try SequenceWindows(dataset, spec: spec, rows: [0..<12])
        // Targets start at 1; starts 1, 3, 5, 7 (7+3 = 10 < 12); 9 would need row 12.
        #expect(windows.count == 4)
        let batch = windows.batch([0, 3])
        #expect(batch.inputs.shape == [4, 2, 2])
        #expect(batch.targets.shape == [4, 2, 1])
        // Time-major: step t, sample b → [y(k−1), u(k)], k = start_b + t.
        #expect(batch.inputs.scalars == [0, 1001, 6, 1007, 1, 1002, 7, 1008, 2, 1003, 8, 1009, 3, 1004, 9, 1010])
        #expect(batch.targets.scalars == [1, 7, 2, 8, 3, 9, 4, 10])
        #expect(batch.weights?.scalars == [0, 0, 1, 1, 1, 1, 1, 1])
        #expect(batch.samples.map(\.row) == [1, 7])
        let backToBack = try SequenceWindows(dataset, spec: SequenceSpec(length: 5, inputDelays: [2]), rows: [0..<12])
        #expect((0..<backToBack.count).map { backToBack.sample($0).row } == [2, 7])
    }

    /// With `horizon = H` every step holds the targets `y(k … k+H−1)`, all inside the part:
    /// the last `H − 1` rows of the part end no window.
    @Test func lagWindowsWithAMultiStepHorizon() throws {
        let dataset = try indexDataset(rows: 10)
        let spec = SequenceSpec(length: 3, stride: 1, washout: 2, horizon: 3)
        let windows = try SequenceWindows(dataset, spec: spec, rows: [0..<10])
        // First target 1; the last window's last step k = 7 needs y(7…9): starts 1…5.
        #expect(windows.count == 5)
        #expect(windows.lossSpan == .lastStep)
        let batch = windows.batch([0, 4])
        #expect(batch.inputs.shape == [3, 2, 1])
        #expect(batch.targets.shape == [3, 2, 3])
        #expect(batch.inputs.scalars == [0, 4, 1, 5, 2, 6])
        // targets[t, b, h] = y(start_b + t + h).
        #expect(batch.targets.scalars == [1, 2, 3, 5, 6, 7, 2, 3, 4, 6, 7, 8, 3, 4, 5, 7, 8, 9])
        #expect(batch.weights?.scalars == [Float](repeating: 0, count: 12) + [Float](repeating: 1, count: 6))
        let firstRows = try SequenceWindows(dataset, spec: spec, rows: [0..<8])
        #expect((0..<firstRows.count).map { firstRows.sample($0).row } == [1, 2, 3])
        let error = try #require(throws: DataError.self) { try SequenceWindows(dataset, spec: spec, rows: [0..<5]) }
        guard case .tooFewRows(let needed, let available, _) = error.kind else { Issue.record("\(error)"); return }
        #expect(needed == 6 && available == 5)
    }

    /// Encoder-decoder windows: the `C` context steps, then the decoder features of the
    /// `H` rows from the last one (target slot 0), and that row's `H` targets as one step.
    @Test func encoderDecoderWindowsAppendTheFutureRows() throws {
        let dataset = try indexDataset(rows: 12, inputs: 1)
        let spec = SequenceSpec(length: 2, stride: 1, washout: 1, inputDelays: [1], horizon: 2)
        let windows = try EncoderDecoderWindows(dataset, spec: spec, rows: [0..<12])
        // First target 1; last row k of a window with k + 1 < 12: starts 1…9.
        #expect(windows.count == 9 && windows.lossSpan == .every)
        let batch = windows.batch([0, 8])
        #expect(batch.inputs.shape == [4, 2, 2])
        // Steps: rows 1, 2 (and 9, 10) as [y(r−1), u(r−1)], then decoder rows 2, 3 (10, 11) as [0, u(r−1)].
        #expect(batch.inputs.scalars == [0, 1000, 8, 1008, 1, 1001, 9, 1009, 0, 1001, 0, 1009, 0, 1002, 0, 1010])
        #expect(batch.targets.shape == [1, 2, 2] && batch.targets.scalars == [2, 3, 10, 11])
        #expect(batch.weights == nil && batch.steps == [4, 4])
        var x = Tensor(shape: [3, 1, 2])
        spec.writeDecoderSteps(&x, context: 1, origins: [(dataset.recordings[0], 11)])
        #expect(x.scalars == [0, 0, 0, 1010, 0, 0], "rows past the end are zeros")
    }

    /// Model files written before `horizon` existed decode as one-step specs.
    @Test func sequenceSpecWithoutHorizonDecodesAsOneStep() throws {
        let json = #"{"length": 4, "stride": 1, "washout": 3, "inputDelays": [1]}"#
        let spec = try JSONDecoder().decode(SequenceSpec.self, from: Data(json.utf8))
        #expect(spec == SequenceSpec(length: 4, stride: 1, washout: 3, inputDelays: [1]))
        let roundTrip = try JSONDecoder().decode(SequenceSpec.self, from: JSONEncoder().encode(SequenceSpec(length: 4, horizon: 5)))
        #expect(roundTrip.horizon == 5)
    }

    @Test func wholeSeriesUnfoldingPadsShorterStretches() throws {
        var dataset = try indexDataset(rows: 10)
        dataset.recordings[0].segments = [0..<4, 5..<10]
        let windows = try SequenceWindows(dataset, spec: SequenceSpec(length: nil, washout: 1), rows: [0..<10])
        #expect(windows.count == 2)
        let batch = windows.batch(0..<2)
        #expect(batch.steps == [3, 4])
        #expect(batch.targets.shape == [4, 2, 1])
        #expect(batch.targets.scalars == [1, 6, 2, 7, 3, 8, 0, 9])
        #expect(batch.weights?.scalars == [0, 0, 1, 1, 1, 1, 0, 1])
    }

    @Test func splitBoundariesAndHistoryFromEarlierParts() throws {
        let dataset = try indexDataset(rows: 100)
        let split = try DataSplit(dataset)
        #expect(split.rows(.train, recording: 0) == 0..<70)
        #expect(split.rows(.validation, recording: 0) == 70..<85)
        #expect(split.rows(.test, recording: 0) == 85..<100)
        let spec = NARXSpec.lagged(5, horizon: 3)
        let train = try NARXWindows(dataset, spec: spec, split: split, part: .train)
        let test = try NARXWindows(dataset, spec: spec, split: split, part: .test)
        #expect(train.count == 63)  // k = 5 … 67, targets ≤ 69
        #expect(train.batch([train.count - 1]).targets.scalars == [67, 68, 69])
        #expect(test.count == 13)  // k = 85 … 97
        #expect(test.batch([0]).inputs.scalars == [84, 83, 82, 81, 80])
        let counts = try DataSplit(dataset, rule: .counts(validation: 10, test: 20))
        #expect(counts.rows(.validation, recording: 0) == 70..<80)
        var timed = dataset
        timed.recordings[0].time = TimeAxis(kind: .number, values: (0..<100).map { 1900 + Double($0) })
        let byTime = try DataSplit(timed, rule: .time(validationStart: 1950, testStart: 1990))
        #expect(byTime.boundaries == [[50, 90, 100]])
    }

    @Test func dropPolicySplitsSegmentsAndFillPoliciesInterpolate() throws {
        let column: [Float] = [.nan, 1, 2, .nan, .nan, 5, 6, 7, .nan]
        let series = [TimeSeries(name: "s", file: "s.csv", columnNames: ["y"], columns: [column])]
        let dropped = try Dataset(series: series, target: "y", missing: .drop)
        #expect(dropped.recordings[0].segments == [1..<3, 5..<8])
        let windows = try NARXWindows(dropped, spec: .lagged(1), rows: [0..<9])
        #expect((0..<windows.count).map { windows.sample($0).row } == [2, 6, 7])
        let interpolated = try Dataset(series: series, target: "y", missing: .interpolate)
        #expect(interpolated.recordings[0].target == [1, 1, 2, 3, 4, 5, 6, 7, 7])
        let filled = try Dataset(series: series, target: "y", missing: .forwardFill)
        #expect(filled.recordings[0].target == [1, 1, 2, 2, 2, 5, 6, 7, 7])
        #expect(interpolated.recordings[0].filledTargetRows == [0, 3, 4, 8])
        #expect(filled.recordings[0].filledTargetRows == [0, 3, 4, 8])
        #expect(dropped.recordings[0].filledTargetRows == [])
    }

    @Test func recordingsNeverShareAWindow() throws {
        let dataset = try indexDataset(rows: 6, recordings: 2)
        let windows = try NARXWindows(dataset, spec: .lagged(2, horizon: 2), rows: [0..<6, 0..<6])
        #expect(windows.count == 6)
        #expect((0..<6).map(windows.sample) == [0, 0, 0, 1, 1, 1].enumerated().map { SampleRef(recording: $0.element, row: 2 + $0.offset % 3) })
    }
}
