import TSGenerative
import TSNN
import TSSupport
import TSTensor

/// `tsforecast-bench generative [--model vae|gan|conv-ae] [--steps N] [--threads N] [--seconds S] [--json]`:
/// training steps per second of generative models on batches of 128 samples (random data
/// in [0, 1], fixed across steps), the shapes of `benchmarks/pytorch/generative_step.py`:
///
/// - `vae`: encoder 64-256-128-(2·16) tanh, decoder 16-128-256-(2·64) tanh (Gaussian), one
///   reparameterised forward/backward and an Adam step per batch;
/// - `gan`: generator 16-128-256-64 and discriminator 64-256-128-1 (LeakyReLU 0.2), one
///   discriminator step and one generator step (non-saturating), each with its own Adam;
/// - `conv-ae`: a `ConvAutoencoder` on windows of 128 (one channel), filters 16-32-64
///   (kernel 5, stride 2: 128 → 16 steps), a bottleneck of 16, tanh; one MSE
///   forward/backward and an Adam step (1e-3) per batch.
///
/// `vae` and `gan` samples have width 64. The steps run through the training tasks the
/// command uses (`ReconstructionTask`, `AdversarialTask`), data-parallel with 2+ threads.
///
/// Steps run for `S` seconds (default 3) after a warm-up of 0.2 s; `--steps N` runs exactly
/// `N` after one warm-up step (for instruction counts under a profiler).
func generativeBenchmark(arguments: [String]) {
    guard let options = BenchmarkOptions("generative", arguments, seconds: 3, threads: benchmarkThreads, extra: ["--model", "--steps"]) else { return }
    guard let fixedSteps = fixedStepCount("generative", options) else { return }
    var models = ["vae", "gan", "conv-ae"]
    if let name = options.values["--model"] {
        guard models.contains(name) else { return print("generative: --model must be vae, gan or conv-ae, got '\(name)'") }
        models = [name]
    }
    var rows: [GenerativeReport.Workload] = []
    for name in models {
        let step = makeGenerativeStep(name, threads: options.threads)
        let stepsPerSecond = measureSteps(step, seconds: options.seconds, steps: fixedSteps)
        rows.append(.init(model: name, batch: generativeBatch, stepsPerS: stepsPerSecond))
        if !options.json { print(name.padded(to: 7) + String(cFormat: " batch %d  %9.1f steps/s", generativeBatch, stepsPerSecond)) }
    }
    if options.json { printReportJSON(GenerativeReport(threads: options.threads.count, workloads: rows)) }
}

/// Samples per step.
private let generativeBatch = 128

/// The `--json` output (snake-case keys, like the PyTorch twin's).
private struct GenerativeReport: Encodable {
    struct Workload: Encodable {
        var model: String
        var batch: Int
        var stepsPerS: Double
    }
    var framework = "tsforecast"
    var threads: Int
    var workloads: [Workload]
}

/// One full training step of the named workload.
private func makeGenerativeStep(_ name: String, threads: ComputeThreads) -> () -> Void {
    var rng = RandomGenerator(seed: 0)
    let data = rng.uniformTensor(shape: [generativeBatch, 64])
    let batch = Array(0..<generativeBatch)
    switch name {
    case "vae", "conv-ae":
        let task =
            name == "vae"
            ? ReconstructionTask(
                model: .variational(VariationalAutoencoder(inputSize: 64, hidden: [256, 128], latentSize: 16, rng: &rng)), data: data,
                seed: 1, threads: threads)
            : ReconstructionTask(
                model: .autoencoder(ConvAutoencoder(window: 128, filters: [16, 32, 64], kernelSize: 5, latentSize: 16, rng: &rng)),
                data: rng.uniformTensor(shape: [generativeBatch, 128]), seed: 1, threads: threads)
        let adam = Adam(learningRate: 1e-3, threads: threads)
        return {
            task.store.zeroGradients(threads: threads)
            _ = task.trainStep(indices: batch)
            adam.step(task.store)
        }
    default:
        let gan = GenerativeAdversarialNetwork(
            noiseSize: 16, dataSize: 64, generatorHidden: [128, 256], discriminatorHidden: [256, 128], objective: .nonSaturating, rng: &rng)
        let task = AdversarialTask(
            gan: gan, data: data, discriminatorOptimizer: Adam(learningRate: 2e-4, beta1: 0.5, threads: threads),
            generatorOptimizer: Adam(learningRate: 2e-4, beta1: 0.5, threads: threads), seed: 1, threads: threads)
        return { _ = task.trainStep(indices: batch) }
    }
}

/// Steps per second over `seconds` after a 0.2 s warm-up, or over exactly `fixed` steps
/// after one warm-up step.
private func measureSteps(_ step: () -> Void, seconds: Double, steps fixed: Int?) -> Double {
    let warmUp = Date()
    repeat { step() } while fixed == nil && Date().timeIntervalSince(warmUp) < 0.2
    var steps = 0
    let start = Date()
    repeat {
        step()
        steps += 1
    } while fixed.map { steps < $0 } ?? (Date().timeIntervalSince(start) < seconds)
    return Double(steps) / Date().timeIntervalSince(start)
}
