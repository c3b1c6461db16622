import TSTensor

/// What a chain of forward calls recorded for its backward pass, owned by the caller.
///
/// Each `Layer.forward(_:training:tape:)` pushes one *pullback* `dy ↦ dx` that holds the
/// values its backward needs (the input of a `Linear`, the output of a `tanh`); layers
/// keep no cache themselves. So one layer can run on several batches before any backward
/// (a GAN discriminator on real and on fake data): give each call chain its own tape.
///
/// `backward(_:)` runs the pullbacks last-in first-out, feeding each one's `dx` to the one
/// recorded before it, and empties the tape. Parameter gradients are *accumulated* (`+=`)
/// into the layers' stores, as everywhere in TSNN, so backward passes of several tapes
/// add up. This is llm.c's rule (the model, not the op, owns the activations) applied per
/// call instead of per layer position.
///
/// The tape is also the forward call's context: it carries the `ComputeThreads` the
/// caller hands down, which layers pass to their parallel work (split GEMMs, recurrent row
/// chunks, im2col over the batch). A forward without a tape runs on the calling thread;
/// for a parallel inference pass give an `inference(threads:)` tape, which carries the
/// count and records nothing.
///
/// ```swift
/// let tape = Tape()
/// let y = mlp.forward(x, training: true, tape: tape)   // [B, in] → [B, out]
/// let loss = MSELoss().evaluate(prediction: y, target: t)
/// let dx = tape.backward(loss.dPrediction)              // accumulates ∂L/∂θ, returns ∂L/∂x
/// ```
public final class Tape {
    /// `dOutput ↦ dInput` of one recorded call.
    public typealias Pullback = (Tensor) -> Tensor
    private var pullbacks: [Pullback] = []
    /// The threads the forward calls on this tape (and their pullbacks) may use.
    public let threads: ComputeThreads
    /// Whether `record` keeps pullbacks (`false` for an `inference(threads:)` tape).
    public let isRecording: Bool

    /// An empty tape whose calls may use `threads` (one by default).
    public init(threads: ComputeThreads = .single) {
        self.threads = threads
        isRecording = true
    }

    private init(threads: ComputeThreads, isRecording: Bool) {
        self.threads = threads
        self.isRecording = isRecording
    }

    /// A tape that only carries `threads` to the layers of an inference pass: `record`
    /// drops every pullback, so nothing is kept alive and `backward` returns its input.
    public static func inference(threads: ComputeThreads) -> Tape {
        Tape(threads: threads, isRecording: false)
    }

    /// An empty tape with this one's threads and recording mode, for a layer that records
    /// a branch of its own forward separately (a residual block's two paths).
    public func branch() -> Tape {
        Tape(threads: threads, isRecording: isRecording)
    }

    /// Number of pullbacks recorded and not yet run.
    public var count: Int { pullbacks.count }

    /// Records the pullback of one forward call (drops it on an inference tape).
    public func record(_ pullback: @escaping Pullback) {
        if isRecording { pullbacks.append(pullback) }
    }

    /// Whether the pullback running now must return `∂L/∂` its input: false only while the
    /// first recorded pullback runs in a `backward(_:inputGradient: false)`, whose caller
    /// discards that gradient (the data a network reads); a layer may then skip computing
    /// it (`Linear` and `Convolution` skip their input-gradient product) and return an empty
    /// tensor. Parameter gradients are accumulated either way.
    public private(set) var inputGradientNeeded = true

    /// Runs every recorded pullback in reverse order starting from `dOutput` (`∂L/∂` the
    /// last recorded output), empties the tape and returns `∂L/∂` the first recorded input;
    /// with `inputGradient: false` the caller does not want that last gradient
    /// (`inputGradientNeeded`), and what is returned may be an empty tensor.
    @discardableResult
    public func backward(_ dOutput: Tensor, inputGradient: Bool = true) -> Tensor {
        var gradient = dOutput
        while let pullback = pullbacks.popLast() {
            inputGradientNeeded = inputGradient || !pullbacks.isEmpty
            gradient = pullback(gradient)
        }
        inputGradientNeeded = true
        return gradient
    }
}
