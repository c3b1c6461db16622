import Testing
import TestSupport
@testable import TSNN
@testable import TSTensor

/// The thread count a tape carries changes how `Linear` and the convolutions split their
/// work (GEMM rows or columns, im2col/col2im samples), not what they compute: two runs at
/// the same count are bitwise equal, and one thread vs two agree within rounding.
///
/// Bound: every output and gradient element is a sum of at most `n` rounded products
/// (the longest dot product of the layer's GEMMs, plus the bias and β terms); each run is
/// within `λ·√n·u` of the exact value (`expectMatchesReference`), so the two are within
/// twice that, which is `expectMatchesReference` at depth `4n`. Bitwise agreement across
/// counts is not promised: BLAS may sum a dot product in another order at another row or
/// column count. The shapes are chosen so that two threads really split every GEMM
/// (checked), so the comparison cannot pass by running the same code twice.
@Suite struct ThreadCountTests {
    struct Run: Equatable {
        var output: Tensor
        var dInput: Tensor
        var gradients: [Float]
    }

    static let two = try! ComputeThreads(count: 2)

    /// Forward and backward of a freshly built `layer` on a tape with `threads`.
    static func run(threads: Int, inputShape: [Int], build: (ParameterScope, inout RandomGenerator) -> any Layer) -> Run {
        var rng = RandomGenerator(seed: 11)
        let store = ParameterStore()
        let layer = build(store.scope("layer"), &rng)
        let x = rng.normalTensor(shape: inputShape)
        let tape = Tape(threads: try! ComputeThreads(count: threads))
        let y = layer.forward(x, training: true, tape: tape)
        let dy = rng.normalTensor(shape: y.shape)
        let dx = tape.backward(dy)
        return Run(output: y, dInput: dx, gradients: store.gradients)
    }

    static func expectCountIndependent(
        inputShape: [Int], depth: Int, sourceLocation: SourceLocation = #_sourceLocation,
        build: (ParameterScope, inout RandomGenerator) -> any Layer
    ) {
        let single = run(threads: 1, inputShape: inputShape, build: build)
        let split = run(threads: 2, inputShape: inputShape, build: build)
        #expect(run(threads: 2, inputShape: inputShape, build: build) == split, "same count, different bits", sourceLocation: sourceLocation)
        expectMatchesReference(split.output, single.output, depth: 4 * depth, "output", sourceLocation: sourceLocation)
        expectMatchesReference(split.dInput, single.dInput, depth: 4 * depth, "dInput", sourceLocation: sourceLocation)
        expectMatchesReference(
            Tensor(shape: [split.gradients.count], scalars: split.gradients),
            Tensor(shape: [single.gradients.count], scalars: single.gradients), depth: 4 * depth, "gradients",
            sourceLocation: sourceLocation)
    }

    /// `x [256, 96] → [256, 80]`: forward `k = 96`, `dW` `k = 256` rows, `dx` `k = 80`.
    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two parts"))
    func linear() {
        #expect(BLAS.splitParts(m: 256, n: 80, k: 96, threads: Self.two) == 2)
        #expect(BLAS.splitParts(m: 80, n: 96, k: 256, threads: Self.two) == 2)
        #expect(BLAS.splitParts(m: 256, n: 96, k: 80, threads: Self.two) == 2)
        Self.expectCountIndependent(inputShape: [256, 96], depth: 256 + 2) { scope, rng in
            Linear(inputSize: 96, outputSize: 80, scope: scope, rng: &rng)
        }
    }

    /// FCN's first block: `[16, 8, 150] → [16, 64, 150]`, `k = 5`, `same`. The longest sums:
    /// `dW` over `B·L = 2400` positions and the bias gradient over as many.
    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two parts"))
    func conv1d() {
        #expect(BLAS.splitParts(m: 64, n: 2400, k: 40, threads: Self.two) == 2)
        #expect(BLAS.splitParts(m: 40, n: 2400, k: 64, threads: Self.two) == 2)
        #expect(BLAS.splitParts(m: 64, n: 40, k: 2400, threads: Self.two) == 2)
        #expect(40 * 2400 >= minimumSplitElements)
        Self.expectCountIndependent(inputShape: [16, 8, 150], depth: 2400 + 2) { scope, rng in
            Convolution.conv1d(inChannels: 8, outChannels: 64, kernelSize: 5, padding: .same, scope: scope, rng: &rng)
        }
    }

    /// LeNet's second convolution: `[64, 6, 12, 12] → [64, 16, 8, 8]`, `5×5`: `K = 150`,
    /// `B·L = 4096`.
    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two parts"))
    func conv2d() {
        #expect(BLAS.splitParts(m: 16, n: 4096, k: 150, threads: Self.two) == 2)
        #expect(BLAS.splitParts(m: 150, n: 4096, k: 16, threads: Self.two) == 2)
        #expect(BLAS.splitParts(m: 16, n: 150, k: 4096, threads: Self.two) == 2)
        Self.expectCountIndependent(inputShape: [64, 6, 12, 12], depth: 4096 + 2) { scope, rng in
            Convolution.conv2d(inChannels: 6, outChannels: 16, kernelSize: (5, 5), scope: scope, rng: &rng)
        }
    }

    /// Batch norm and pooling split over channels or planes, each computed as alone: the
    /// same bits at one and two threads (inputs above `minimumSplitElements`, so two
    /// threads really split them).
    @Test(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two parts"))
    func normalisationPoolingAndActivationsGiveTheSameBits() {
        #expect(16 * 64 * 150 >= minimumSplitElements && 8 * 6 * 28 * 28 >= minimumSplitElements)
        let sequences: [(ParameterScope) -> any Layer] = [
            { BatchNorm(channels: 64, spatialAxes: 1, scope: $0) }, { _ in Pooling.maxPool1d(kernelSize: 3, stride: 2, padding: 1) },
            { _ in Pooling.avgPool1d(kernelSize: 3, stride: 2, padding: 1) }, { _ in GlobalAveragePool() },
        ]
        for build in sequences {
            let single = Self.run(threads: 1, inputShape: [16, 64, 150]) { scope, _ in build(scope) }
            #expect(Self.run(threads: 2, inputShape: [16, 64, 150]) { scope, _ in build(scope) } == single)
        }
        let images: [(ParameterScope) -> any Layer] = [
            { BatchNorm(channels: 6, spatialAxes: 2, scope: $0) }, { _ in Pooling.maxPool2d(kernelSize: 2) },
            { _ in Pooling.avgPool2d(kernelSize: 2) }, { _ in Activation(.tanh) }, { _ in Activation(.sigmoid) },
            { _ in Activation(.relu) }, { _ in Activation(.leakyRelu(slope: 0.2)) },
        ]
        for build in images {
            let single = Self.run(threads: 1, inputShape: [8, 6, 28, 28]) { scope, _ in build(scope) }
            #expect(Self.run(threads: 2, inputShape: [8, 6, 28, 28]) { scope, _ in build(scope) } == single)
        }
    }

    /// An inference tape carries the count and keeps nothing; a branch keeps both settings.
    @Test func inferenceTapeRecordsNothing() {
        var rng = RandomGenerator(seed: 3)
        let store = ParameterStore()
        let layer = Linear(inputSize: 4, outputSize: 3, scope: store.scope("fc"), rng: &rng)
        let x = rng.normalTensor(shape: [5, 4])
        let tape = Tape.inference(threads: Self.two)
        let y = layer.forward(x, training: false, tape: tape)
        #expect(tape.count == 0 && !tape.isRecording && tape.threads == Self.two)
        #expect(y == layer.forward(x, training: false))
        let branch = tape.branch()
        #expect(!branch.isRecording && branch.threads == Self.two)
        #expect(Tape(threads: Self.two).branch().isRecording)
    }
}
