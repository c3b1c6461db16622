import ArgumentParser
import TSClassification
import TSData
import TSSupport
import TSTensor
import TSTraining

struct ClassifyTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a classifier on labeled rows and write it as safetensors.",
        discussion: """
            Softmax cross-entropy, Adam. With --val a seeded random share of the rows is held
            out for early stopping (--patience) and the best epoch's weights are kept;
            otherwise the training loss is monitored. If the loss becomes NaN/Inf the best
            model so far is still written and the exit code is 70.
            """)

    @Argument(help: "The CSV file: a header, one labeled sample per row.")
    var csv: String
    @Option(help: "The label column.")
    var label = "label"
    @Option(help: "Model: fcn, resnet, mlp or lenet (square images with a side divisible by 4).")
    var model: ClassifierKind = .fcn
    @Option(help: "Per-row scaling: series (z-normalise each row) or none.")
    var normalize: SeriesNormalization = .series
    @Option(help: "Maximum epochs.")
    var epochs = 50
    @Option(name: .customLong("batch-size"), help: "Samples per gradient step.")
    var batchSize = 16
    @Option(help: "Learning rate (Adam).")
    var lr: Float = 1e-3
    @Option(help: "Clip the global gradient norm to this value (0 disables).")
    var clip: Float = 1
    @Option(help: "Held-out fraction of the rows for early stopping (0: none).")
    var val = 0.0
    @Option(help: "Stop after this many epochs without improvement of the monitored loss (0 disables).")
    var patience = 0
    @Option(help: "Random seed (initialisation, shuffling, dropout, the validation split).")
    var seed: UInt64 = 0
    @Option(help: ArgumentHelp(
        "Threads for training (default: the online cores).",
        discussion: "Large matrix products and convolutions are split into this many parts (at most one per core). The same seed gives the same classifier at the same thread count (README: Reproducibility)."))
    var threads: Int?
    @Option(name: .shortAndLong, help: "Where to write the model (safetensors).")
    var output = "classifier.safetensors"
    @Flag(help: "Print one JSON object with the training report on stdout.")
    var json = false
    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        if !(lr > 0) { throw ValidationError("--lr must be positive, got \(lr)") }
        if !(0..<0.9).contains(val) { throw ValidationError("--val must be a fraction in [0, 0.9), got \(val)") }
        if !(clip >= 0) { throw ValidationError("--clip must be 0 or more, got \(clip)") }
        if patience < 0 { throw ValidationError("--patience must be 0 or more, got \(patience)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let data = try LabeledSeriesReader.read(file: csv, labelColumn: label)
        let spec = ClassifierSpec(
            kind: model, classes: data.classes, length: data.length, normalization: normalize, columns: data.columns,
            labelColumn: label)
        try check(spec, data)
        let samples = data.samples(normalize)
        let classIndices = try data.classIndices(spec.classes)
        let (trainRows, validationRows) = split(count: data.count)
        let classifier = Classifier(spec: spec, seed: seed)
        let (trainSamples, trainClasses) = (rows(samples, trainRows), trainRows.map { classIndices[$0] })
        var config = TrainingConfig()
        config.epochs = epochs
        config.batchSize = batchSize
        config.learningRate = lr
        config.patience = patience
        config.clipNorm = clip
        config.plateauPatience = 0
        config.seed = seed
        if let threads { config.threads = try ComputeThreads(count: threads) }
        let task = ClassificationTask(
            classifier: classifier, samples: trainSamples, classIndices: trainClasses,
            validation: validationRows.isEmpty ? nil : (rows(samples, validationRows), validationRows.map { classIndices[$0] }),
            threads: config.threads)
        let reporter = ProgressReporter(totalEpochs: epochs, quiet: quiet)
        let start = Date()
        let outcome = Trainer(config: config) { record in
            reporter.epochFinished(record)
            return true
        }.fit(task)
        reporter.finish()
        let predicted = classifier.predict(trainSamples)
        let report = ClassifierTrainingReport(
            model: model.rawValue, parameters: classifier.store.count, samples: trainRows.count, epochs: outcome.history.count,
            bestEpoch: outcome.bestEpoch, seed: seed, finalLoss: outcome.history.last?.trainLoss,
            trainAccuracy: ClassificationReport(classes: spec.classes, actual: trainClasses, predicted: predicted).accuracy,
            seconds: Date().timeIntervalSince(start), threads: config.threads.count)
        try ClassifierFile.save(classifier, training: report, to: output)
        if json {
            print(try Output.json(report))
        } else {
            print("model \(model.rawValue)  parameters \(report.parameters)  classes \(spec.classes.count)  epochs \(report.epochs) (best \(report.bestEpoch))  "
                + "loss \(report.finalLoss.map { String(cFormat: "%.4f", $0) } ?? "-")  "
                + String(cFormat: "training accuracy %.4f  %.1f s", report.trainAccuracy, report.seconds))
            reporter.note("wrote \(output)")
        }
        if let failure = outcome.failure { throw failure }
    }

    /// The data must have two classes, and a LeNet square images of a side divisible by 4.
    private func check(_ spec: ClassifierSpec, _ data: LabeledSeries) throws {
        let location = DataLocation(file: data.file, columnName: label)
        guard spec.classes.count >= 2 else {
            throw DataError(.invalidSetting("a classifier needs at least two classes; the file has only \(spec.classes)"), at: location)
        }
        if model == .lenet, (spec.imageSide ?? 1) % 4 != 0 {
            throw DataError(
                .invalidSetting("--model lenet needs square images with a side divisible by 4; the rows have \(data.length) values"),
                at: DataLocation(file: data.file))
        }
    }

    /// The training and validation rows: a share `val` of a seeded permutation is held out.
    private func split(count: Int) -> (train: [Int], validation: [Int]) {
        guard val > 0 else { return (Array(0..<count), []) }
        var rng = RandomGenerator(seed: seed &+ 0x7A1)
        let permutation = SeededPermutation(count: count, generator: &rng)
        let held = Int((val * Double(count)).rounded())
        let order = (0..<count).map { permutation[$0] }
        return (order[held...].sorted(), order[..<held].sorted())
    }

    /// The rows `indices` of `samples [n, L]`.
    private func rows(_ samples: Tensor, _ indices: [Int]) -> Tensor {
        let length = samples.shape[1]
        return Tensor(shape: [indices.count, length], scalars: indices.flatMap { samples.scalars[($0 * length)..<(($0 + 1) * length)] })
    }
}
