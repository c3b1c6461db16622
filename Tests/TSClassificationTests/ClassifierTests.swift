import Testing
import TSClassification
import TSNN
import TSTensor

/// Reports, network shapes, PyTorch `state_dict` names and parameter counts, summaries.
@Suite struct ClassifierTests {
    @Test func reportCountsConfusionPrecisionRecall() {
        // actual 0,0,0,1,1,2 — predicted 0,1,0,1,1,1: class 2 is never predicted.
        let r = ClassificationReport(classes: ["a", "b", "c"], actual: [0, 0, 0, 1, 1, 2], predicted: [0, 1, 0, 1, 1, 1])
        #expect(r.confusion == [[2, 1, 0], [0, 2, 0], [0, 1, 0]])
        #expect(r.accuracy == 4.0 / 6.0 && r.count == 6)
        #expect(r.perClass.map(\.precision) == [1, 0.5, nil])
        #expect(r.perClass.map(\.recall) == [2.0 / 3.0, 1, 0])
        #expect(r.perClass.map(\.support) == [3, 2, 1])
    }

    static func spec(_ kind: ClassifierKind, length: Int = 150, classes: Int = 2) -> ClassifierSpec {
        ClassifierSpec(
            kind: kind, classes: (0..<classes).map(String.init), length: length, normalization: .series,
            columns: (0..<length).map { "t\($0)" }, labelColumn: "label")
    }

    /// FCN parameters: convolutions without bias `1·128·8 + 128·256·5 + 256·128·3`, three
    /// batch norms `2·(128 + 256 + 128)`, the head `128·2 + 2` = 264,450 (Wang et al.'s
    /// FCN, whose convolutions also have biases, has 264,962).
    @Test func fcnHasTheLiteratureLayout() {
        let c = Classifier(spec: Self.spec(.fcn), seed: 1)
        #expect(c.store.count == 264_450)
        #expect(c.store.entries.map(\.name).prefix(3) == ["0.weight", "1.weight", "1.bias"])
        #expect(c.store.entries.first?.shape == [128, 1, 8])
        #expect(c.store.bufferEntries.map(\.name).prefix(3) == ["1.running_mean", "1.running_var", "1.num_batches_tracked"])
        let rows = ModuleSummary.rows(of: c.network, input: [ModuleSummary.batch, 1, 150])
        #expect(rows.map(\.type) == [
            "Conv1d", "BatchNorm1d", "ReLU", "Conv1d", "BatchNorm1d", "ReLU", "Conv1d", "BatchNorm1d", "ReLU", "GlobalAveragePool", "Linear",
        ])
        #expect(rows.last?.shape == [ModuleSummary.batch, 2])
        #expect(rows.reduce(0) { $0 + $1.parameters } == c.store.count)
    }

    /// ResNet: blocks 1→64, 64→128 (both with projections) and 128→128 (identity).
    @Test func resnetHasProjectionsWhereChannelsChange() {
        let c = Classifier(spec: Self.spec(.resnet, length: 40, classes: 3), seed: 1)
        let names = Set(c.store.entries.map(\.name))
        #expect(names.contains("0.shortcut.0.weight") && names.contains("1.shortcut.0.weight") && !names.contains("2.shortcut.0.weight"))
        #expect(c.store.entry(named: "0.main.0.weight")?.shape == [64, 1, 8])
        #expect(c.store.entry(named: "2.main.6.weight")?.shape == [128, 128, 3])
        let rows = ModuleSummary.rows(of: c.network, input: [ModuleSummary.batch, 1, 40])
        #expect(rows.reduce(0) { $0 + $1.parameters } == c.store.count)
        #expect(rows.filter { $0.type == "ResidualBlock" }.map(\.shape) == [[-1, 64, 40], [-1, 128, 40], [-1, 128, 40]])
        var rng = RandomGenerator(seed: 2)
        let x = rng.normalTensor(shape: [5, 40])
        #expect(c.logits(x).shape == [5, 3])
    }

    @Test func lenetAndMLPShapes() {
        var rng = RandomGenerator(seed: 3)
        let lenet = Classifier(spec: Self.spec(.lenet, length: 64, classes: 10), seed: 1)
        #expect(lenet.spec.sampleShape == [1, 8, 8])
        #expect(lenet.store.entry(named: "0.weight")?.shape == [6, 1, 3, 3])
        #expect(lenet.store.entry(named: "7.weight")?.shape == [120, 64])
        #expect(lenet.predict(rng.normalTensor(shape: [3, 64])).allSatisfy { (0..<10).contains($0) })
        let big = Classifier(spec: Self.spec(.lenet, length: 784, classes: 10), seed: 1)
        #expect(big.store.entry(named: "0.weight")?.shape == [6, 1, 5, 5])
        #expect(big.store.entry(named: "7.weight")?.shape == [120, 784])
        let mlp = Classifier(spec: Self.spec(.mlp, length: 20, classes: 4), seed: 1)
        #expect(mlp.store.entries.map(\.shape) == [[500, 20], [500], [500, 500], [500], [500, 500], [500], [4, 500], [4]])
    }

    /// Inference in chunks gives the same logits as one pass (evaluation mode is per sample).
    @Test func chunkedInferenceMatchesOnePass() {
        var rng = RandomGenerator(seed: 4)
        let c = Classifier(spec: Self.spec(.fcn, length: 30), seed: 5)
        let x = rng.normalTensor(shape: [7, 30])
        c.inferenceBatch = 7
        let whole = c.logits(x)
        c.inferenceBatch = 3
        let chunked = c.logits(x)
        for (a, b) in zip(whole.scalars, chunked.scalars) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
    }
}
