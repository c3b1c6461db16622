import TSNN
import TSTensor

/// A trained (or freshly initialised) classification network with its `ClassifierSpec`:
/// `[B] + spec.sampleShape → logits [B, classes]`.
///
/// Inference runs in evaluation mode (batch norm on its running statistics, no dropout)
/// in chunks of `inferenceBatch` samples, so memory (the convolutions' im2col buffers)
/// stays bounded whatever the number of samples.
public final class Classifier {
    /// What the network is.
    public let spec: ClassifierSpec
    /// Parameters and buffers (PyTorch `state_dict` names).
    public let store: ParameterStore
    /// The network.
    public let network: Sequential
    /// Samples per inference forward pass.
    public var inferenceBatch = 64

    /// A classifier of `spec` with parameters initialised from `seed`.
    public init(spec: ClassifierSpec, seed: UInt64) {
        self.spec = spec
        store = ParameterStore()
        var rng = RandomGenerator(seed: seed)
        network = ClassifierNetwork.build(spec, scope: store.scope(), rng: &rng)
    }

    /// The logits `[n, classes]` of `samples`, `[n, length]` row-major already normalised;
    /// each pass may use `threads`.
    public func logits(_ samples: Tensor, threads: ComputeThreads = .single) -> Tensor {
        precondition(samples.rank == 2 && samples.shape[1] == spec.length, "Classifier.logits: expected [n, \(spec.length)], got \(samples.shape)")
        let n = samples.shape[0], classes = spec.classes.count
        var scalars: [Float] = []
        scalars.reserveCapacity(n * classes)
        for start in stride(from: 0, to: n, by: inferenceBatch) {
            let count = min(inferenceBatch, n - start)
            let chunk = Tensor(
                shape: [count] + spec.sampleShape,
                scalars: Array(samples.scalars[(start * spec.length)..<((start + count) * spec.length)]))
            scalars += network.forward(chunk, training: false, tape: .inference(threads: threads)).scalars
        }
        return Tensor(shape: [n, classes], scalars: scalars)
    }

    /// The predicted class index (the largest logit; the first on ties) of each sample.
    public func predict(_ samples: Tensor) -> [Int] {
        let z = logits(samples), classes = spec.classes.count
        return (0..<samples.shape[0]).map { r in
            var best = 0
            for c in 1..<classes where z.scalars[r * classes + c] > z.scalars[r * classes + best] { best = c }
            return best
        }
    }
}
