import Foundation
import Testing
import TSData

/// CSV → dataset → split → preprocessing → windows on the shipped synthetic NARX data
/// (`data/sine_exog.csv`, made by `python3 Utilities/make_synthetic.py`).
@Suite struct PipelineTests {
    @Test func sineExogFromFileToBatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("data/sine_exog.csv").path
        let series = try CSVReader(options: CSVOptions(timeColumn: "date")).read(file: path)
        #expect(series[0].columnNames == ["y", "u1", "u2"])
        #expect(series[0].time?.step == .fixed(86_400))
        let dataset = try Dataset(series: series, target: "y", inputs: ["u1", "u2"])
        let split = try DataSplit(dataset)
        #expect(split.boundaries == [[350, 425, 500]])
        let pre = try Preprocessor.fit(dataset, split: split)
        let model = try pre.apply(to: dataset)
        let spec = NARXSpec(outputLags: 2, inputLags: [InputLag(order: 1, delay: 1), InputLag(order: 1, delay: 2)])
        let train = try NARXWindows(model, spec: spec, split: split, part: .train)
        #expect(train.count == 348)
        let batch = train.batch(0..<32)
        #expect(batch.inputs.shape == [32, 4])
        #expect(batch.targets.shape == [32, 1])
        // Row 2's regressor: ỹ(1), ỹ(0), ũ1(1), ũ2(0).
        let r = model.recordings[0]
        #expect(Array(batch.inputs.scalars[0..<4]) == [r.target[1], r.target[0], r.inputs[0][1], r.inputs[1][0]])
        let sequences = try SequenceWindows(model, spec: SequenceSpec(length: 50, washout: 5, inputDelays: [1, 2]), split: split, part: .validation)
        #expect(sequences.count == 1)  // validation rows 350..<425: one 50-step sequence starting at 350
    }
}
