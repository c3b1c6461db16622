import TSClassification
import TSForecast
import TSNN
import TSSupport
import TSTensor

/// `tsforecast-bench cnn [--workload NAME] [--steps N] [--threads N] [--seconds S] [--json]`: throughput of the
/// convolutional classifiers, in samples/s, on random data (seed 0) after a warm-up of
/// 0.2 s on the first batch; each workload runs for `S` seconds (default 3):
///
/// | workload | input | step |
/// |---|---|---|
/// | `fcn-train-150` | `[16, 1, 150]`, 2 classes | forward, softmax CE, backward, Adam |
/// | `fcn-train-427` | `[16, 1, 427]`, 2 classes | the same |
/// | `lenet-train-28` | `[64, 1, 28, 28]`, 10 classes | the same |
/// | `fcn-infer-150` | `[64, 1, 150]` | forward in evaluation mode |
///
/// `benchmarks/pytorch/cnn_throughput.py` runs the same workloads in PyTorch.
/// `--threads` sets the threads handed to the tasks and inference passes (default 2);
/// `--workload` runs one workload only and `--steps N` exactly `N` steps after one warm-up
/// step instead of timed ones (for instruction counts under a profiler).
func cnnBenchmark(arguments: [String]) {
    guard let options = BenchmarkOptions("cnn", arguments, seconds: 3, threads: benchmarkThreads, extra: ["--workload", "--steps"]) else { return }
    var workloads: [(name: String, kind: ClassifierKind, length: Int, classes: Int, batch: Int, training: Bool)] = [
        ("fcn-train-150", .fcn, 150, 2, 16, true), ("fcn-train-427", .fcn, 427, 2, 16, true),
        ("lenet-train-28", .lenet, 784, 10, 64, true), ("fcn-infer-150", .fcn, 150, 2, 64, false),
    ]
    if let name = options.values["--workload"] {
        let names = workloads.map(\.name)
        guard names.contains(name) else { return print("cnn: --workload must be one of \(names.joined(separator: ", ")), got '\(name)'") }
        workloads.removeAll { $0.name != name }
    }
    guard let fixedSteps = fixedStepCount("cnn", options) else { return }
    var rows: [CNNReport.Workload] = []
    if !options.json { print("tsforecast, threads \(options.threads.count)\nworkload          batch   samples/s") }
    for w in workloads {
        let spec = ClassifierSpec(
            kind: w.kind, classes: (0..<w.classes).map(String.init), length: w.length, normalization: .none,
            columns: (0..<w.length).map { "x\($0)" }, labelColumn: "label")
        let classifier = Classifier(spec: spec, seed: 0)
        var rng = RandomGenerator(seed: 1)
        let count = 16 * w.batch
        let samples = rng.normalTensor(shape: [count, w.length])
        let labels = (0..<count).map { $0 % w.classes }
        let step: ([Int]) -> Void
        if w.training {
            let task = ClassificationTask(classifier: classifier, samples: samples, classIndices: labels, threads: options.threads)
            let adam = Adam(learningRate: 1e-3, threads: options.threads)
            step = { indices in
                task.store.zeroGradients(threads: options.threads)
                _ = task.trainStep(indices: indices)
                adam.step(task.store)
            }
        } else {
            classifier.inferenceBatch = w.batch
            let batch = Tensor(shape: [w.batch, w.length], scalars: Array(samples.scalars.prefix(w.batch * w.length)))
            step = { _ in _ = classifier.logits(batch, threads: options.threads) }
        }
        let rate = samplesPerSecond(batch: w.batch, count: count, seconds: options.seconds, steps: fixedSteps, step: step)
        rows.append(.init(workload: w.name, batch: w.batch, samplesPerS: rate))
        if !options.json { print(w.name.padded(to: 16) + String(cFormat: " %6d %11.1f", w.batch, rate)) }
    }
    if options.json { printReportJSON(CNNReport(threads: options.threads.count, workloads: rows)) }
}

/// The `--json` output (snake-case keys, like `training`'s).
private struct CNNReport: Encodable {
    struct Workload: Encodable {
        var workload: String
        var batch: Int
        var samplesPerS: Double
    }
    var framework = "tsforecast"
    var threads: Int
    var workloads: [Workload]
}

/// Samples per second of `step` over consecutive batches of `0..<count` (cycling) for
/// `seconds`, after 0.2 s of warm-up steps on the first batch (at least one); with `steps`,
/// exactly that many steps after one warm-up step.
private func samplesPerSecond(batch: Int, count: Int, seconds: Double, steps: Int?, step: ([Int]) -> Void) -> Double {
    let warmUp = Date()
    repeat { step(Array(0..<batch)) } while steps == nil && Date().timeIntervalSince(warmUp) < 0.2
    var samples = 0
    let start = Date()
    repeat {
        let first = (samples / batch * batch) % count
        step(Array(first..<(first + batch)))
        samples += batch
    } while steps.map { samples < $0 * batch } ?? (Date().timeIntervalSince(start) < seconds)
    return Double(samples) / Date().timeIntervalSince(start)
}
