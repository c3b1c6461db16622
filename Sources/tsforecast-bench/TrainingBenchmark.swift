import TSForecast
import TSNN
import TSSupport
import TSTensor

/// `tsforecast-bench training [--model lstm|gru|rnn|narx|cnn] [--hidden H] [--threads N] [--seconds S] [--json]`:
/// training throughput (forward, MSE on the last step, backward, Adam) of the
/// `TrainingWorkload`s, in windows/s over one epoch of shuffled windows after a warm-up of
/// `warmUpSeconds` on the first batch (the epoch is cut off after `S` seconds, default 3).
///
/// Also prints the GEMM GFLOP/s achieved (`TrainingWorkload.flopsPerBatch`), the measured
/// sgemm peak (`measuredSgemmPeak`, 2048³, same thread count) and their ratio. `--threads`
/// sets the threads handed to the tasks and the sgemm (default 2); `--hidden` keeps the workloads with that `H`.
func trainingBenchmark(arguments: [String]) {
    guard let options = BenchmarkOptions("training", arguments, seconds: 3, threads: benchmarkThreads, extra: ["--model", "--hidden"]) else { return }
    var kinds: [ModelKind] = [.lstm, .gru, .rnn, .narx, .cnn]
    if let name = options.values["--model"] {
        guard let kind = ModelKind(rawValue: name), kinds.contains(kind) else {
            return print("training: --model must be lstm, gru, rnn, narx or cnn, got '\(name)'")
        }
        kinds = [kind]
    }
    let onlyHidden = options.values["--hidden"].flatMap { Int($0) }
    let peak = measuredSgemmPeak(threads: options.threads)
    var rows: [ThroughputReport.Workload] = []
    if !options.json {
        print(String(cFormat: "tsforecast, threads %d, sgemm 2048^3 %.1f GFLOP/s", options.threads.count, peak))
        print("model     H    T    B    L   windows/s   GFLOP/s  %peak")
    }
    for workload in TrainingWorkload.all(kinds: kinds) where onlyHidden == nil || onlyHidden == workload.hidden {
        let windowsPerSecond = measureEpoch(workload, seconds: options.seconds, threads: options.threads)
        let gflops = workload.flopsPerBatch * windowsPerSecond / Double(workload.batch) / 1e9
        rows.append(.init(
            model: workload.kind.rawValue, hidden: workload.hidden, steps: workload.steps,
            batch: workload.batch, layers: workload.layers, windowsPerS: windowsPerSecond,
            gflops: gflops, peakFraction: gflops / peak))
        if !options.json {
            print(workload.kind.rawValue.padded(to: 6) + String(
                cFormat: " %4d %4d %4d %4d %11.0f %9.2f %6.1f", workload.hidden,
                workload.steps, workload.batch, workload.layers, windowsPerSecond, gflops, 100 * gflops / peak))
        }
    }
    if options.json {
        printReportJSON(ThroughputReport(threads: options.threads.count, sgemmGflops: peak, workloads: rows))
    }
}

/// The `--json` output, which `benchmarks/run.sh` reads beside the PyTorch script's:
/// keys in snake case (`sgemm_gflops`, `windows_per_s`, `peak_fraction`).
private struct ThroughputReport: Encodable {
    /// One workload's measurement.
    struct Workload: Encodable {
        var model: String
        var hidden: Int
        var steps: Int
        var batch: Int
        var layers: Int
        var windowsPerS: Double
        var gflops: Double
        var peakFraction: Double
    }
    var framework = "tsforecast"
    var threads: Int
    var sgemmGflops: Double
    var workloads: [Workload]
}

/// Warm-up before each measured epoch: steps on the first batch for this long (at least
/// one), so that thread pools, caches and the clock frequency settle after the previous
/// workload (the PyTorch script does the same).
private let warmUpSeconds = 0.2

/// Windows per second of one epoch (after the warm-up), cut off after `seconds`.
private func measureEpoch(_ workload: TrainingWorkload, seconds: Double, threads: ComputeThreads) -> Double {
    let task = workload.makeTask(threads: threads)
    let adam = Adam(learningRate: 1e-3, threads: threads)
    func step(_ indices: [Int]) {
        task.store.zeroGradients(threads: threads)
        _ = task.trainStep(indices: indices)
        adam.step(task.store)
    }
    let batch = workload.batch
    let warmUp = Date()
    repeat { step(Array(0..<batch)) } while Date().timeIntervalSince(warmUp) < warmUpSeconds
    var rng = RandomGenerator(seed: 2)
    var order = Array(0..<TrainingWorkload.windowCount)
    order.shuffle(using: &rng)
    var windows = 0
    let start = Date()
    for first in stride(from: 0, through: order.count - batch, by: batch) {
        step(Array(order[first..<(first + batch)]))
        windows += batch
        if Date().timeIntervalSince(start) >= seconds { break }
    }
    return Double(windows) / Date().timeIntervalSince(start)
}
