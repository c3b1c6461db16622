import Foundation
import Testing
import TSClassification
import TSTensor
import TSTraining

/// The array front door of `Classifier`: fit on rows and labels, classify, probabilities,
/// evaluate, save and load, and typed errors for bad input.
@Suite struct ClassifierFitTests {
    /// `count` noisy ramps of `length` values: rising for label "up", falling for "down"
    /// (alternating), with an offset and noise so that only the direction tells them apart.
    static func ramps(_ count: Int, length: Int = 16, seed: UInt64) -> (rows: [[Double]], labels: [String]) {
        var rng = RandomGenerator(seed: seed)
        var rows: [[Double]] = [], labels: [String] = []
        for i in 0..<count {
            let up = i % 2 == 0
            let offset = Double(rng.uniform(-5, 5))
            rows.append((0..<length).map { t in offset + (up ? 1 : -1) * Double(t) * 0.3 + Double(rng.normal(std: 0.2)) })
            labels.append(up ? "up" : "down")
        }
        return (rows, labels)
    }

    static var training: TrainingConfig {
        var config = TrainingConfig()
        (config.epochs, config.batchSize, config.seed, config.plateauPatience) = (15, 8, 5, 0)
        return config
    }

    /// An MLP fitted on 60 ramps classifies 40 unseen ones: the direction of a ramp is a
    /// linear feature of the z-normalised rows, so anything but near-perfect accuracy
    /// would mean the front door mislabels or misaligns samples (the bound 0.9 leaves room
    /// for a few noisy rows, not for a broken pipeline, which scores about 0.5).
    @Test func fitsClassifiesAndEvaluates() throws {
        let train = Self.ramps(60, seed: 1), test = Self.ramps(40, seed: 2)
        let run = try Classifier.fit(rows: train.rows, labels: train.labels, kind: .mlp, training: Self.training)
        #expect(run.classifier.spec.classes == ["down", "up"])
        #expect(run.report.epochs == run.outcome.history.count && run.report.samples == 60)
        let report = try run.classifier.evaluate(rows: test.rows, labels: test.labels)
        #expect(report.count == 40)
        #expect(report.accuracy >= 0.9, "accuracy \(report.accuracy)")
        let predicted = try run.classifier.classify(test.rows)
        let agreeing = zip(predicted, test.labels).filter { $0 == $1 }.count
        #expect(Double(agreeing) / 40 == report.accuracy)
    }

    /// Probabilities sum to one per row (Double arithmetic on Float32 logits: 1e-12 is
    /// thousands of Double ulps over two terms) and their largest entry is the class
    /// `classify` gives; a saved and reloaded classifier gives the same probabilities
    /// exactly (the same Float32 weights and the same arithmetic).
    @Test func probabilitiesAndSaveLoad() throws {
        let train = Self.ramps(30, seed: 3)
        var config = Self.training
        config.epochs = 2
        let run = try Classifier.fit(rows: train.rows, labels: train.labels, kind: .mlp, training: config)
        let probabilities = try run.classifier.probabilities(train.rows)
        let labels = try run.classifier.classify(train.rows)
        for (p, label) in zip(probabilities, labels) {
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            #expect(run.classifier.spec.classes[p.indices.max { p[$0] < p[$1] }!] == label)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("classifier-fit-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try run.classifier.save(to: path, training: run.report)
        let loaded = try Classifier.load(from: path)
        #expect(loaded.training == run.report)
        #expect(try loaded.classifier.probabilities(train.rows) == probabilities)
    }

    /// Bad shapes, NaN, label counts, single classes and unknown labels are typed errors.
    @Test func badInputIsATypedError() throws {
        let good = Self.ramps(4, length: 4, seed: 4)
        func fitError(_ rows: [[Double]], _ labels: [String]) -> SampleInputError? {
            do { _ = try Classifier.fit(rows: rows, labels: labels, kind: .mlp, training: Self.training); return nil } catch { return error }
        }
        #expect(fitError([], []) == .noSamples)
        #expect(fitError(good.rows + [[1, 2]], good.labels + ["up"]) == .rowLength(row: 4, length: 2, expected: 4))
        var withNaN = good.rows
        withNaN[2][3] = .nan
        #expect(fitError(withNaN, good.labels) == .notFinite(row: 2, column: 3))
        #expect(fitError(good.rows, ["up"]) == .labelCount(labels: 1, rows: 4))
        #expect(fitError(good.rows, ["a", "a", "a", "a"]) == .tooFewClasses(["a"]))
        #expect(throws: SampleInputError.invalidSetting("lenet needs square images with a side divisible by 4; the rows have 4 values")) {
            try Classifier.fit(rows: good.rows, labels: good.labels, kind: .lenet, training: Self.training)
        }
        var config = Self.training
        config.epochs = 1
        let classifier = try Classifier.fit(rows: good.rows, labels: good.labels, kind: .mlp, training: config).classifier
        #expect(throws: SampleInputError.rowLength(row: 0, length: 3, expected: 4)) { try classifier.classify([[1, 2, 3]]) }
        #expect(throws: SampleInputError.unknownLabel(row: 1, label: "flat", classes: ["down", "up"])) {
            try classifier.evaluate(rows: Array(good.rows[..<2]), labels: ["up", "flat"])
        }
    }
}
