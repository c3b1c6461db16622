import Testing
import TestSupport
@testable import TSNN
import TSTensor

/// The seeds' worked examples (`/work/shared/SEED-EXAMPLES.md` E09, E14, E16, E17, E19) and
/// properties of the functional operators that parity on random data does not pin down:
/// causality, the transposed convolution's adjointness, PyTorch's max-pooling tie rule,
/// batch-norm statistics, workspace reuse and empty batches.
@Suite struct FunctionalExampleTests {
    /// E14: `y(k) = Σ h(n)·x(k − n)`, `h = [1/3, 1/3, 1/3]` centred ("same", zeros outside).
    @Test func movingAverageOfSeed004() {
        let x = Tensor(shape: [1, 1, 7], scalars: [10, 50, 60, 10, 20, 30, 40])
        let h = Tensor(shape: [1, 1, 3], repeating: 1.0 / 3)
        var y = Tensor(shape: [])
        conv1dForward(x, weight: h, bias: nil, axis: ConvAxis(padding: .same), output: &y, workspace: ConvWorkspace())
        let expected: [Float] = [20, 40, 40, 30, 20, 30, 70.0 / 3]
        for (a, e) in zip(y.scalars, expected) { #expect(abs(a - e) <= 1e-5 * e, "\(y.scalars) vs \(expected)") }
    }

    /// E09: X 3×3, W 2×2, valid: `h = corr(X, W)`; with `E = ½Σh²`, `dH = h` and
    /// `∂E/∂w_ij = Σ_kl dH_kl·X_{k+i, l+j}`, `∂E/∂X = full convolution of dH with W`.
    @Test func convolutionBackpropByHandOfSeed004() {
        let x = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        let workspace = ConvWorkspace()
        var h = Tensor(shape: [])
        conv2dForward(x, weight: w, bias: nil, output: &h, workspace: workspace)
        #expect(h.scalars == [-4, -4, -4, -4])
        var dx: Tensor? = Tensor(shape: []), dw = Tensor(shape: [1, 1, 2, 2]), db: Tensor? = nil
        conv2dBackward(h, input: x, weight: w, dInput: &dx, dWeight: &dw, dBias: &db, workspace: workspace)
        // −4 × the sums of the 2×2 blocks of X: 12, 16, 24, 28.
        #expect(dw.scalars == [-48, -64, -96, -112])
        // dX[p] = Σ over outputs reading p of dH·w: +w11 at (k, l), −w22 at (k+1, l+1).
        #expect(dx!.scalars == [-4, -4, 0, -4, 0, 4, 0, 4, 4])
    }

    /// E16: `out = ⌊(n + 2p − f)/s⌋ + 1`, and "same" keeps the size.
    @Test func outputSizesOfSeeds002And004() {
        #expect(ConvAxis().outputSize(inputSize: 32, kernel: 5) == 28)
        #expect(ConvAxis().outputSize(inputSize: 28, kernel: 5) == 24)
        #expect(ConvAxis(padding: .same).outputSize(inputSize: 32, kernel: 5) == 32)
        #expect(ConvAxis(padding: .same).outputSize(inputSize: 7, kernel: 4) == 7)
        #expect(ConvAxis(padding: .same).padding(kernel: 4) == (1, 2))
        #expect(ConvAxis(padding: .causal, dilation: 2).padding(kernel: 3) == (4, 0))
        #expect(ConvAxis(stride: 2, padding: .explicit(1)).outputSize(inputSize: 7, kernel: 3) == 4)
        #expect(ConvAxis(stride: 3, dilation: 2).outputSize(inputSize: 17, kernel: 3) == 5)
        #expect(PoolAxis(kernel: 2).outputSize(inputSize: 7) == 3)
        #expect(PoolAxis(kernel: 2, ceilMode: true).outputSize(inputSize: 7) == 4)
        // The ceil-mode window that would start in the right padding is dropped (PyTorch).
        #expect(PoolAxis(kernel: 2, stride: 2, padding: 1, ceilMode: true).outputSize(inputSize: 4) == 3)
        #expect(ConvAxis(stride: 2, padding: .explicit(1), dilation: 2).transposedOutputSize(inputSize: 6, kernel: 3, outputPadding: 1) == 14)
    }

    /// E17: the 9×9 "X", the diagonal filter as a mean of products, ReLU, 2×2 max pooling in
    /// ceil mode → the seed's first 4×4 map `[[1, .33, .55, .33], …]` (ninths).
    @Test func xsAndOsOfSeed004() {
        var image = Tensor(shape: [1, 1, 9, 9], repeating: -1)
        for i in 1...7 {
            image[0, 0, i, i] = 1
            image[0, 0, i, 8 - i] = 1
        }
        let diagonal: [Float] = [1, -1, -1, -1, 1, -1, -1, -1, 1]
        let filter = Tensor(shape: [1, 1, 3, 3], scalars: diagonal.map { $0 / 9 })
        var filtered = Tensor(shape: [])
        conv2dForward(image, weight: filter, bias: nil, output: &filtered, workspace: ConvWorkspace())
        #expect(filtered.shape == [1, 1, 7, 7])
        let rectified = Tensor(shape: filtered.shape, scalars: filtered.scalars.map { max($0, 0) })
        var pooled = Tensor(shape: []), indices: [Int32] = []
        let pool = PoolAxis(kernel: 2, ceilMode: true)
        maxPool2dForward(rectified, height: pool, width: pool, output: &pooled, indices: &indices)
        #expect(pooled.shape == [1, 1, 4, 4])
        let ninths: [Float] = [9, 3, 5, 3, 3, 9, 3, 5, 5, 3, 9, 1, 3, 5, 1, 7]
        for (a, e) in zip(pooled.scalars, ninths) { #expect(abs(a - e / 9) <= 1e-6, "\(pooled.scalars.map { $0 * 9 })") }
    }

    /// E19's digits stand-in: 8×8 → 6@3×3 valid → 6×6 → avg pool 2 → 3×3 → 16@2×2 valid → 2×2.
    @Test func leNetShapesOnDigitsOfSeed002() {
        var rng = RandomGenerator(seed: 5)
        let workspace = ConvWorkspace()
        var c1 = Tensor(shape: []), p1 = Tensor(shape: []), c2 = Tensor(shape: [])
        conv2dForward(
            rng.normalTensor(shape: [4, 1, 8, 8]), weight: rng.normalTensor(shape: [6, 1, 3, 3]), bias: rng.normalTensor(shape: [6]),
            output: &c1, workspace: workspace)
        avgPool2dForward(c1, height: PoolAxis(kernel: 2), width: PoolAxis(kernel: 2), output: &p1)
        conv2dForward(p1, weight: rng.normalTensor(shape: [16, 6, 2, 2]), bias: nil, output: &c2, workspace: workspace)
        #expect([c1.shape, p1.shape, c2.shape] == [[4, 6, 6, 6], [4, 6, 3, 3], [4, 16, 2, 2]])
    }

    /// A causal convolution's output at `t` does not change when inputs after `t` do, and its
    /// length is the input's.
    @Test func causalConvolutionSeesOnlyThePast() {
        var rng = RandomGenerator(seed: 6)
        let w = rng.normalTensor(shape: [2, 3, 3]), axis = ConvAxis(padding: .causal, dilation: 2)
        var x = rng.normalTensor(shape: [1, 3, 12])
        var before = Tensor(shape: []), after = Tensor(shape: [])
        conv1dForward(x, weight: w, bias: nil, axis: axis, output: &before, workspace: ConvWorkspace())
        #expect(before.shape == [1, 2, 12])
        for c in 0..<3 { x[0, c, 7] += 10 }
        conv1dForward(x, weight: w, bias: nil, axis: axis, output: &after, workspace: ConvWorkspace())
        for o in 0..<2 {
            for t in 0..<12 {
                if t < 7 { #expect(after[0, o, t] == before[0, o, t], "output \(t) moved with input 7") }
                if t == 7 || t == 9 || t == 11 { #expect(after[0, o, t] != before[0, o, t], "output \(t) must see input 7") }
            }
        }
    }

    /// `⟨conv1d(y; W), x⟩ = ⟨y, convTranspose1d(x; W)⟩` for every `y`, `x` (the transposed
    /// convolution is the adjoint), within the rounding of both dot products.
    @Test func transposedConvolutionIsTheAdjoint() {
        var rng = RandomGenerator(seed: 7)
        let axis = ConvAxis(stride: 3, padding: .explicit(1), dilation: 2)
        let w = rng.normalTensor(shape: [4, 3, 3]), x = rng.normalTensor(shape: [2, 4, 6])
        var up = Tensor(shape: [])
        convTranspose1dForward(x, weight: w, bias: nil, axis: axis, outputPadding: 2, output: &up, workspace: ConvWorkspace())
        let y = rng.normalTensor(shape: up.shape)
        var down = Tensor(shape: [])
        conv1dForward(y, weight: w, bias: nil, axis: axis, output: &down, workspace: ConvWorkspace())
        #expect(down.shape == x.shape)
        let left = projectedLoss(down, x), right = projectedLoss(y, up)
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "⟨conv(y), x⟩ = \(left), ⟨y, convT(x)⟩ = \(right)")
    }

    /// PyTorch keeps the first maximum of a window (`val > max` replaces), so tied gradients
    /// go to the earliest element, and an all-equal 2-D window reports its top-left element.
    /// Also asserts that a NaN is taken as a window's maximum.
    @Test func maxPoolingTiesKeepTheFirstMaximum() {
        var y = Tensor(shape: []), indices: [Int32] = [], dx = Tensor(shape: [])
        let x = Tensor(shape: [1, 1, 5], scalars: [1, 3, 3, 2, 2])
        maxPool1dForward(x, axis: PoolAxis(kernel: 2, stride: 1), output: &y, indices: &indices)
        #expect(y.scalars == [3, 3, 3, 2] && indices == [1, 1, 2, 3])
        maxPool1dBackward(Tensor(shape: [1, 1, 4], repeating: 1), indices: indices, inputShape: x.shape, axis: PoolAxis(kernel: 2, stride: 1), dInput: &dx)
        #expect(dx.scalars == [0, 2, 1, 1, 0])
        let flat = Tensor(shape: [1, 1, 2, 3], repeating: 5)
        maxPool2dForward(flat, height: PoolAxis(kernel: 2), width: PoolAxis(kernel: 2, ceilMode: true), output: &y, indices: &indices)
        #expect(indices == [0, 2])
        // A NaN is the maximum of its window (it propagates, as in PyTorch).
        maxPool1dForward(Tensor(shape: [1, 1, 4], scalars: [1, .nan, 2, 0]), axis: PoolAxis(kernel: 2), output: &y, indices: &indices)
        #expect(y.scalars[0].isNaN && y.scalars[1] == 2 && indices == [1, 2])
    }

    /// Training-mode batch norm with `γ = 1`, `β = 0` gives each channel mean 0 and biased
    /// variance `σ²/(σ² + ε)`; evaluation mode applies the running statistics.
    @Test func batchNormNormalises() {
        var rng = RandomGenerator(seed: 8)
        let x = rng.normalTensor(shape: [6, 2, 5], mean: 3, std: 2)
        var mean = Tensor(shape: [2]), variance = Tensor(shape: [2], repeating: 1)
        var y = Tensor(shape: []), saved = BatchNormSaved()
        let ones = Tensor(shape: [2], repeating: 1), zeros = Tensor(shape: [2])
        batchNormForward(x, weight: ones, bias: zeros, runningMean: &mean, runningVar: &variance, training: true, output: &y, saved: &saved)
        for c in 0..<2 {
            let values = (0..<6).flatMap { b in (0..<5).map { Double(y[b, c, $0]) } }
            let m = values.reduce(0, +) / 30, v = values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 30
            #expect(abs(m) < 1e-6 && abs(v - 1) < 1e-4, "channel \(c): mean \(m), variance \(v)")
        }
        let frozen = Tensor(shape: [2], scalars: [1, -1]), spread = Tensor(shape: [2], scalars: [4, 0.25])
        var (fm, fv) = (frozen, spread)
        batchNormForward(x, weight: ones, bias: zeros, runningMean: &fm, runningVar: &fv, training: false, output: &y, saved: &saved)
        #expect(abs(y[0, 0, 0] - (x[0, 0, 0] - 1) / (4 + 1e-5).squareRoot()) < 1e-6)
        #expect(abs(y[5, 1, 4] - (x[5, 1, 4] + 1) / (0.25 + 1e-5).squareRoot()) < 1e-5)
    }

    /// A caller that reuses its workspace and output buffers allocates nothing on later calls
    /// of the same shape: the workspace keeps its size and the output keeps its storage.
    /// Stride 2 takes the im2col path on every CPU (stride 1 runs the direct kernels, which
    /// use no workspace columns).
    @Test func reusedBuffersAreNotReallocated() {
        var rng = RandomGenerator(seed: 9)
        let x = rng.normalTensor(shape: [4, 3, 20]), w = rng.normalTensor(shape: [5, 3, 3]), b = rng.normalTensor(shape: [5])
        let workspace = ConvWorkspace(), axis = ConvAxis(stride: 2, padding: .explicit(1))
        var y = Tensor(shape: []), dx: Tensor? = Tensor(shape: [])
        var dw = Tensor(shape: w.shape), db: Tensor? = Tensor(shape: [5])
        func step() -> [UnsafePointer<Float>] {
            conv1dForward(x, weight: w, bias: b, axis: axis, output: &y, workspace: workspace)
            conv1dBackward(y, input: x, weight: w, axis: axis, dInput: &dx, dWeight: &dw, dBias: &db, workspace: workspace)
            return [y, dx!, workspace.columnsView, workspace.rowsView].map { $0.withUnsafeBufferPointer { $0.baseAddress! } }
        }
        let first = step(), size = workspace.floatCount
        let second = step()
        // Columns [K = 9, B·L = 4·10], rows [C_out = 5, B·L], the ones of the bias sums (L).
        #expect(workspace.floatCount == size && size == 9 * 40 + 5 * 40 + 10)
        #expect(first == second, "buffers moved between calls of the same shape")
    }

    /// An empty batch gives empty outputs and gradients (no GEMM runs).
    @Test func emptyBatch() {
        var rng = RandomGenerator(seed: 10)
        let w = rng.normalTensor(shape: [2, 3, 3])
        var y = Tensor(shape: []), dx: Tensor? = Tensor(shape: []), dw = Tensor(shape: w.shape), db: Tensor? = Tensor(shape: [2])
        conv1dForward(Tensor(shape: [0, 3, 9]), weight: w, bias: nil, output: &y, workspace: ConvWorkspace())
        #expect(y.shape == [0, 2, 7])
        conv1dBackward(y, input: Tensor(shape: [0, 3, 9]), weight: w, dInput: &dx, dWeight: &dw, dBias: &db, workspace: ConvWorkspace())
        #expect(dx!.shape == [0, 3, 9] && dw.scalars.allSatisfy { $0 == 0 } && db!.scalars == [0, 0])
    }
}

extension ConvWorkspace {
    /// The buffers as tensors, for the storage-identity check.
    var columnsView: Tensor { Tensor(shape: [columns.count], scalars: columns) }
    var rowsView: Tensor { Tensor(shape: [rows.count], scalars: rows) }
}
