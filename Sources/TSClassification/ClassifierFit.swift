import TSNN
import TSSupport
import TSTensor
import TSTraining

/// A classifier fresh from `Classifier.fit`, with how its training went.
public struct ClassifierTrainingRun {
    /// The classifier with the best epoch's weights.
    public var classifier: Classifier
    /// Every epoch's record, the best epoch, and a non-finite loss's `failure` if any.
    public var outcome: TrainingOutcome
    /// The summary the model file keeps (`ClassifierFile.save`).
    public var report: ClassifierTrainingReport
}

extension Classifier {
    /// Trains a `kind` classifier on `rows` (equal-length samples in original units,
    /// `[n][length]`) with their `labels` (`n` of them; the classes are the distinct
    /// labels, numerically ordered when all are integers): softmax cross-entropy with
    /// `training`'s optimizer, batch size, epochs and seed. Without a validation part the
    /// training loss is monitored (`training.patience`) and the best epoch's weights kept.
    ///
    /// Training runs on the calling thread; `progress` sees every epoch (return `false`
    /// to stop); cancelling the calling `Task` stops after the current epoch, keeping the
    /// best weights. A non-finite loss ends training with `outcome.failure` set (the best
    /// weights so far are kept), not with an error.
    ///
    /// - Throws: `SampleInputError`: no rows, rows of different lengths, a NaN or infinite
    ///   value, a label count other than the row count, fewer than two classes, or for
    ///   `.lenet` a length that is not a square of a side divisible by 4.
    public static func fit(
        rows: [[Double]], labels: [String], kind: ClassifierKind = .fcn, normalization: SeriesNormalization = .series,
        training: TrainingConfig = TrainingConfig(), progress: ((EpochRecord) -> Bool)? = nil
    ) throws(SampleInputError) -> ClassifierTrainingRun {
        try fit(samples: SampleRows.tensor(rows), labels: labels, kind: kind, normalization: normalization, training: training, progress: progress)
    }

    /// `fit(rows:labels:…)` on samples `[n, length]` in original units.
    ///
    /// - Throws: `SampleInputError` as `fit(rows:labels:…)` does.
    public static func fit(
        samples: Tensor, labels: [String], kind: ClassifierKind = .fcn, normalization: SeriesNormalization = .series,
        training: TrainingConfig = TrainingConfig(), progress: ((EpochRecord) -> Bool)? = nil
    ) throws(SampleInputError) -> ClassifierTrainingRun {
        guard samples.rank == 2 else { throw .noSamples }
        try SampleRows.check(samples, width: samples.shape[1])
        guard labels.count == samples.shape[0] else { throw .labelCount(labels: labels.count, rows: samples.shape[0]) }
        let classes = LabeledSeries.classOrder(labels)
        guard classes.count >= 2 else { throw .tooFewClasses(classes) }
        let length = samples.shape[1]
        let spec = ClassifierSpec(
            kind: kind, classes: classes, length: length, normalization: normalization, columns: (0..<length).map { "x\($0)" },
            labelColumn: "label")
        if kind == .lenet, (spec.imageSide ?? 1) % 4 != 0 {
            throw .invalidSetting("lenet needs square images with a side divisible by 4; the rows have \(length) values")
        }
        let classifier = Classifier(spec: spec, seed: training.seed)
        let normalized = classifier.normalized(samples)
        let classIndices = try classifier.classIndices(labels)
        let start = Date()
        let task = ClassificationTask(classifier: classifier, samples: normalized, classIndices: classIndices)
        let outcome = Trainer(config: training) { record in !Task.isCancelled && (progress?(record) ?? true) }.fit(task)
        let accuracy = ClassificationReport(classes: classes, actual: classIndices, predicted: classifier.predict(normalized)).accuracy
        let report = ClassifierTrainingReport(
            model: kind.rawValue, parameters: classifier.store.count, samples: labels.count, epochs: outcome.history.count,
            bestEpoch: outcome.bestEpoch, seed: training.seed, finalLoss: outcome.history.last?.trainLoss, trainAccuracy: accuracy,
            seconds: Date().timeIntervalSince(start))
        return ClassifierTrainingRun(classifier: classifier, outcome: outcome, report: report)
    }

    /// The predicted label of each of `rows` (`[n][length]`, original units).
    ///
    /// - Throws: `SampleInputError` for no rows, a row of another length than the
    ///   model's, or a NaN or infinite value.
    public func classify(_ rows: [[Double]]) throws(SampleInputError) -> [String] {
        predict(normalized(try samples(rows))).map { spec.classes[$0] }
    }

    /// Each row's class probabilities `p_c = exp(z_c − max z) / Σ_k exp(z_k − max z)` of
    /// its logits `z`, `[n][classes]` in `spec.classes` order (computed in Double; each
    /// row sums to 1 within Double round-off).
    ///
    /// - Throws: `SampleInputError` as `classify` does.
    public func probabilities(_ rows: [[Double]]) throws(SampleInputError) -> [[Double]] {
        SampleRows.arrays(logits(normalized(try samples(rows)))).map { z in
            let top = z.max() ?? 0
            let e = z.map { exp($0 - top) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        }
    }

    /// Accuracy, confusion matrix and per-class precision and recall of the predictions
    /// for `rows` against `labels`.
    ///
    /// - Throws: `SampleInputError` as `classify` does, for a label count other than the
    ///   row count, or a label that is not one of `spec.classes`.
    public func evaluate(rows: [[Double]], labels: [String]) throws(SampleInputError) -> ClassificationReport {
        let samples = try samples(rows)
        guard labels.count == rows.count else { throw .labelCount(labels: labels.count, rows: rows.count) }
        let actual = try classIndices(labels)
        return ClassificationReport(classes: spec.classes, actual: actual, predicted: predict(normalized(samples)))
    }

    /// Writes the classifier with `training` (from `fit`) atomically to `path` (see
    /// `ClassifierFile`); `Classifier.load(from:)` reads it back.
    public func save(to path: String, training: ClassifierTrainingReport) throws {
        try ClassifierFile.save(self, training: training, to: path)
    }

    /// The classifier in the model file `path` with its training report.
    ///
    /// - Throws: `ModelFileError` naming the file.
    public static func load(from path: String) throws -> (classifier: Classifier, training: ClassifierTrainingReport) {
        let (classifier, metadata) = try ClassifierFile.load(path)
        return (classifier, metadata.training)
    }

    /// `rows` checked against the model's length, as `[n, length]`.
    private func samples(_ rows: [[Double]]) throws(SampleInputError) -> Tensor {
        try SampleRows.tensor(rows, width: spec.length)
    }

    /// `samples [n, length]` scaled by `spec.normalization`.
    private func normalized(_ samples: Tensor) -> Tensor {
        var scaled = samples.scalars
        spec.normalization.apply(to: &scaled, length: spec.length)
        return Tensor(shape: samples.shape, scalars: scaled)
    }

    /// Each label's index in `spec.classes`.
    private func classIndices(_ labels: [String]) throws(SampleInputError) -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: spec.classes.enumerated().map { ($1, $0) })
        var indices: [Int] = []
        for (row, label) in labels.enumerated() {
            guard let c = index[label] else { throw .unknownLabel(row: row, label: label, classes: spec.classes) }
            indices.append(c)
        }
        return indices
    }
}
