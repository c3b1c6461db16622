import TSNN
import TSRecurrent
import TSSupport
import TSTensor

/// `tsforecast-bench recurrent [--threads N] [--seconds S] [--hidden H]`: training-step throughput
/// (forward + backward, no optimizer update) of LSTM, GRU and tanh-RNN networks on
/// `[T, B, F = 1]` batches.
///
/// Prints windows/s (`B` per step) and GFLOP/s counting only the GEMMs:
/// per layer and direction `6·T·B·G·H·(F_l + H)` (forward `2·(F_l + H)`, backward
/// `4·(F_l + H)` per gate unit and row). `--threads` sets the threads handed to the
/// passes (default: the online cores); each configuration runs for about `S` seconds (default 2);
/// `--hidden` keeps only the configurations with that hidden size.
func recurrentBenchmark(arguments: [String]) {
    guard let options = BenchmarkOptions("recurrent", arguments, seconds: 2, threads: .online, extra: ["--hidden"]) else { return }
    let seconds = options.seconds
    var onlyHidden: Int?
    if let value = options.values["--hidden"] {
        guard let h = Int(value), h > 0 else { return print("recurrent: --hidden needs a positive integer, got '\(value)'") }
        onlyHidden = h
    }
    print("recurrent: forward+backward, F = 1, threads \(options.threads.count)")
    print("kind      H    T    B    L   ms/step   windows/s   GFLOP/s")
    let configurations = [(32, 10, 64, 1), (64, 10, 64, 1), (128, 50, 128, 2), (256, 100, 256, 1)]
    for (hidden, steps, batch, layers) in configurations where onlyHidden == nil || onlyHidden == hidden {
        for kind in [RecurrentKind.lstm, .gru, .rnnTanh] {
            let (perStep, flops) = measureRecurrentStep(
                kind: kind, hidden: hidden, steps: steps, batch: batch, layers: layers, seconds: seconds,
                threads: options.threads)
            let row = [
                kind.rawValue.padded(to: 8),
                String(cFormat: "%4d %4d %4d %4d %9.3f %11.0f %9.2f", hidden, steps, batch, layers,
                       perStep * 1e3, Double(batch) / perStep, flops / perStep / 1e9),
            ]
            print(row.joined(separator: "  "))
        }
    }
}

/// Seconds per forward+backward step (after one warm-up step) and GEMM FLOPs per step.
private func measureRecurrentStep(
    kind: RecurrentKind, hidden: Int, steps: Int, batch: Int, layers: Int, seconds: Double, threads: ComputeThreads
) -> (Double, Double) {
    var rng = RandomGenerator(seed: 1)
    let store = ParameterStore()
    let network = RecurrentNetwork(
        kind: kind, inputSize: 1, hiddenSize: hidden, numLayers: layers, store: store, prefix: "rnn", rng: &rng)
    let x = rng.normalTensor(shape: [steps, batch, 1])
    let dy = rng.normalTensor(shape: [steps, batch, hidden], std: 0.01)
    func step() {
        _ = network.forward(x, training: true, threads: threads)
        _ = network.backward(dOutput: dy)
    }
    step()
    var count = 0
    let start = Date()
    repeat {
        step()
        count += 1
    } while Date().timeIntervalSince(start) < seconds
    let perStep = Date().timeIntervalSince(start) / Double(count)
    var flops = 0.0
    for l in 0..<layers {
        let inputs = l == 0 ? 1 : hidden
        flops += 6 * Double(steps * batch * kind.gateCount * hidden * (inputs + hidden))
    }
    return (perStep, flops)
}
