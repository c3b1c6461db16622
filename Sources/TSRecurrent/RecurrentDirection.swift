import CGateKernels
import TSNN
import TSTensor

/// One direction of one recurrent layer: its four PyTorch parameters and the fused
/// sequence driver (forward over all steps, back-propagation through time).
///
/// Shapes: `x [T, B, F]`, `W_ih [G·H, F]`, `W_hh [G·H, H]`, `b_ih, b_hh [G·H]`, states `[B, H]`.
/// The reverse direction reads time steps `T−1 … 0`.
///
/// Forward: `X·W_ihᵀ + b_ih` for all steps in one GEMM (into `gates`; per step by an
/// element-wise kernel for narrow inputs, `F ≤ 4`, where a GEMM would be memory-bound),
/// then per step one GEMM `h·W_hhᵀ` and one fused gate pass. Backward: per step one gate
/// pass, the bias column sums (and `∂L/∂W_ih` of a narrow input) while the step's gate
/// gradients are in cache, and one GEMM `dG·W_hh` for `∂L/∂h_{t−1}`; then one GEMM each
/// for `dW_hh`, `dW_ih` (wide inputs) and `dX` (when asked for) over all steps.
/// Workspaces are kept between calls.
///
/// Hidden states live in `T + 1` slots of `[B, H]`: the forward direction reads slot `t`
/// and writes slot `t + 1` at time `t`; the reverse direction reads slot `t + 1` and writes
/// slot `t`. Either way the states entering all steps and the outputs of all steps are
/// contiguous `[T·B, H]` blocks in time order, ready for the weight-gradient GEMM.
final class RecurrentDirection {
    let kind: RecurrentKind
    let inputSize: Int
    let hiddenSize: Int
    let reverse: Bool
    let weightIH: ParameterEntry
    let weightHH: ParameterEntry
    let biasIH: ParameterEntry
    let biasHH: ParameterEntry

    /// Whether the input is narrow (`F ≤ CGK_NARROW_FEATURES`): its projection
    /// `X·W_ihᵀ + b` and the gradient `∂L/∂W_ih` are then element-wise work inside the
    /// step loop (C kernels) instead of GEMMs over all steps.
    var isNarrow: Bool { inputSize <= CGK_NARROW_FEATURES }

    private var steps = 0
    private var batch = 0
    private var zeroStart = false  // the last forward started from h0 = 0
    private var chunks = 1  // the last forward's row chunks (`BatchChunks`), kept for backward
    private let gates = Workspace()  // [T, B, G·H]: x-projection, then activations
    private let hProj = Workspace()  // [B, G·H], GRU: W_hh h
    private let biasRow = Workspace()  // [G·H], RNN and LSTM: b_ih + b_hh
    private let states = Workspace()  // [T + 1, B, H]
    private let cells = Workspace()  // [T + 1, B, H], LSTM
    private let tanhCells = Workspace()  // [T, B, H], LSTM
    private let recurrentN = Workspace()  // [T, B, H], GRU: W_hn h + b_hn
    private let dGatesH = Workspace()  // [T, B, G·H]
    private let dGatesX = Workspace()  // [T, B, G·H], GRU only (else dGatesH)
    private let dh = Workspace()  // [B, H]
    private let dc = Workspace()  // [B, H]
    private let inputWeightT = Workspace()  // [F, G·H]: W_ihᵀ of a narrow input (F > 1)
    private let recurrentWeightT = Workspace()  // [H, G·H]: W_hhᵀ
    private let chunkSums = Workspace()  // per chunk: ∂L/∂b [G·H] (GRU: b_ih, b_hh), ∂L/∂W_ihᵀ [F, G·H] if narrow

    /// Registers `<prefix>.weight_ih_<suffix>`, `weight_hh_`, `bias_ih_`, `bias_hh_` in that
    /// order, each `U(±1/√H)` (PyTorch's initialisation).
    init(
        kind: RecurrentKind, inputSize: Int, hiddenSize: Int, reverse: Bool, store: ParameterStore,
        prefix: String, suffix: String, rng: inout RandomGenerator
    ) {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.reverse = reverse
        let rows = kind.gateCount * hiddenSize
        let initializer = Initializer.pytorchDefault(fanIn: hiddenSize)
        func add(_ name: String, _ shape: [Int]) -> ParameterEntry {
            store.add("\(prefix).\(name)_\(suffix)", shape: shape, initializer: initializer, rng: &rng)
        }
        weightIH = add("weight_ih", [rows, inputSize])
        weightHH = add("weight_hh", [rows, hiddenSize])
        biasIH = add("bias_ih", [rows])
        biasHH = add("bias_hh", [rows])
    }

    /// The time step processed `s`-th.
    private func time(ofStep s: Int) -> Int { reverse ? steps - 1 - s : s }
    /// The slot holding the state that enters time step `t`.
    private func slot(before t: Int) -> Int { reverse ? t + 1 : t }
    /// The slot holding the state that time step `t` produces.
    private func slot(after t: Int) -> Int { reverse ? t : t + 1 }

    /// Runs the sequence `x [T, B, F]` from `h0` (and `c0` for LSTM; `nil` is the zero
    /// state), writing `h_t` to row `t·B + b` of `output` (row stride `outputStride`; each
    /// chunk copies its rows right after the step, while they are in cache; skipped when
    /// `nil`) and the last state to `hFinal`/`cFinal`.
    ///
    /// From `h0 = 0` the first step's `h·W_hhᵀ` is zero and skipped, and so are its rows
    /// in `backward`'s `∂L/∂W_hh` (`1/T` of the recurrent GEMM work). `threads` sets the
    /// row chunks (`BatchChunks`) of this pass and of its `backward`.
    func forward(
        input x: FloatPointer, steps: Int, batch: Int, parameters p: FloatPointer,
        h0: FloatPointer?, c0: FloatPointer?, output: MutableFloatPointer?, outputStride: Int,
        hFinal: MutableFloatPointer, cFinal: MutableFloatPointer?, threads: ComputeThreads
    ) {
        self.steps = steps
        self.batch = batch
        zeroStart = h0 == nil
        let (hidden, width, rows, slice) = (hiddenSize, kind.gateCount * hiddenSize, steps * batch, batch * hiddenSize)
        // RNN and LSTM add b_hh and W_hh h straight into the pre-activations; the GRU keeps
        // W_hn h + b_hn apart because r multiplies it.
        let fused = kind != .gru
        let g = gates.reserve(rows * width)
        let bias: FloatPointer
        if fused {
            let sum = biasRow.reserve(width)
            Kernels.add(p + biasIH.offset, p + biasHH.offset, sum, width)
            bias = FloatPointer(sum)
        } else {
            bias = p + biasIH.offset
        }
        let wIH = p + weightIH.offset
        // Narrow inputs make the projection memory-bound: done per step below by an
        // element-wise kernel, while the step's gate rows are in cache, instead of a GEMM
        // streaming all of them twice here.
        let narrow = isNarrow
        let wIHT = narrow ? transposed(wIH, rows: width, columns: inputSize, into: inputWeightT) : wIH
        chunks = BatchChunks.count(batch: batch, hidden: hidden, threads: threads)
        let chunks = chunks
        if !narrow {
            BatchChunks.forEach(chunks: chunks, batch: rows) { _, part in
                for r in part { (g + r * width).update(from: bias, count: width) }
                BLAS.gemm(
                    transposeB: true, m: part.count, n: width, k: inputSize, a: x + part.lowerBound * inputSize,
                    lda: inputSize, b: wIH, ldb: inputSize, beta: 1, c: g + part.lowerBound * width, ldc: width)
            }
        }
        let hs = states.reserve((steps + 1) * slice)
        let first = slot(before: time(ofStep: 0))
        if let h0 { (hs + first * slice).update(from: h0, count: slice) } else { (hs + first * slice).update(repeating: 0, count: slice) }
        let cs = kind.hasCellState ? cells.reserve((steps + 1) * slice) : hs
        if kind.hasCellState {
            if let c0 { (cs + first * slice).update(from: c0, count: slice) } else { (cs + first * slice).update(repeating: 0, count: slice) }
        }
        let tc = kind.hasCellState ? tanhCells.reserve(rows * hidden) : hs
        let hn = kind == .gru ? recurrentN.reserve(rows * hidden) : hs
        let hp = hProj.reserve(batch * width)
        // `h·W_hhᵀ` as a plain product with `W_hhᵀ [H, G·H]`: OpenBLAS's small-matrix path
        // takes it, while the transposed-operand form goes through packing (2× slower at H = 32).
        let wHHT = transposed(p + weightHH.offset, rows: width, columns: hidden, into: recurrentWeightT)
        let bHH = p + biasHH.offset
        BatchChunks.forEach(chunks: chunks, batch: batch) { _, chunk in
            let (b0, n) = (chunk.lowerBound, chunk.count)
            let (rowH, rowG) = (b0 * hidden, b0 * width)
            for s in 0..<steps {
                let t = time(ofStep: s)
                let (before, after) = (slot(before: t) * slice + rowH, slot(after: t) * slice + rowH)
                let gt = g + t * batch * width + rowG
                if narrow { cgk_narrow_projection(n, inputSize, width, x + (t * batch + b0) * inputSize, wIHT, bias, gt) }
                if s == 0 && zeroStart {
                    if !fused { (hp + rowG).update(repeating: 0, count: n * width) }
                } else {
                    StepProduct.multiply(
                        m: n, n: width, k: hidden, a: hs + before, lda: hidden,
                        b: wHHT, ldb: width, beta: fused ? 1 : 0, c: fused ? gt : hp + rowG, ldc: width)
                }
                switch kind {
                case .rnnTanh, .rnnReLU:
                    cgk_rnn_forward(kind == .rnnReLU ? 1 : 0, n, hidden, gt, hs + after)
                case .lstm:
                    cgk_lstm_forward(n, hidden, gt, cs + before, cs + after, tc + t * slice + rowH, hs + after)
                case .gru:
                    cgk_gru_forward(n, hidden, gt, hp + rowG, bHH, hs + before, hn + t * slice + rowH, hs + after)
                }
                if let output {
                    for b in 0..<n {
                        (output + (t * batch + b0 + b) * outputStride).update(from: hs + after + b * hidden, count: hidden)
                    }
                }
            }
        }
        let last = slot(after: time(ofStep: steps - 1)) * slice
        hFinal.update(from: hs + last, count: slice)
        cFinal?.update(from: cs + last, count: slice)
    }

    /// `wᵀ [columns, rows]` of the row-major `w [rows, columns]`: `w` itself when it is one
    /// column (or one row), else a copy in `buffer`.
    private func transposed(_ w: FloatPointer, rows: Int, columns: Int, into buffer: Workspace) -> FloatPointer {
        if rows == 1 || columns == 1 { return w }
        let t = buffer.reserve(rows * columns)
        for r in 0..<rows { for c in 0..<columns { t[c * rows + r] = w[r * columns + c] } }
        return FloatPointer(t)
    }

    /// Back-propagates through the last `forward`. `dOutput` rows (stride `dOutputStride`,
    /// which may be 0 to repeat one row) hold `∂L/∂h_t`, `dhFinal`/`dcFinal` `∂L/∂h_n`,
    /// `∂L/∂c_n` (zero when `nil`). Accumulates parameter gradients into `gradients`;
    /// writes (or, with `accumulateInput`, adds) `∂L/∂x` to `dInput [T·B, F]` unless it is
    /// `nil`; writes `∂L/∂h0`, `∂L/∂c0` unless `dh0` is `nil` (then the last step's
    /// `dG·W_hh`, which only feeds `∂L/∂h0`, is skipped).
    ///
    /// Bias gradients (and `∂L/∂W_ih` of a narrow input) are column sums of the gate
    /// gradients, taken per step while its rows are in cache, into one accumulator per row
    /// chunk that are added in chunk order afterwards.
    func backward(
        input x: FloatPointer, parameters p: FloatPointer, gradients grad: MutableFloatPointer,
        dOutput: FloatPointer, dOutputStride: Int, dhFinal: FloatPointer?, dcFinal: FloatPointer?,
        dInput: MutableFloatPointer?, accumulateInput: Bool, dh0: MutableFloatPointer?, dc0: MutableFloatPointer?
    ) {
        precondition(steps > 0, "RecurrentDirection.backward: no forward pass to differentiate")
        let (hidden, width, rows, slice) = (hiddenSize, kind.gateCount * hiddenSize, steps * batch, batch * hiddenSize)
        let dH = dh.reserve(slice)
        if let dhFinal { dH.update(from: dhFinal, count: slice) } else { dH.update(repeating: 0, count: slice) }
        let dC = dc.reserve(slice)
        if let dcFinal { dC.update(from: dcFinal, count: slice) } else { dC.update(repeating: 0, count: slice) }
        let dGH = dGatesH.reserve(rows * width)
        let dGX = kind == .gru ? dGatesX.reserve(rows * width) : dGH
        let (g, hs, cs, tc, hn) = (gates.pointer, states.pointer, cells.pointer, tanhCells.pointer, recurrentN.pointer)
        let wHH = p + weightHH.offset
        let narrowFeatures = isNarrow ? inputSize : 0
        let layout = sumsLayout
        let chunks = chunks
        let sums = chunkSums.reserve(chunks * layout.count)
        sums.update(repeating: 0, count: chunks * layout.count)
        BatchChunks.forEach(chunks: chunks, batch: batch) { c, chunk in
            let (b0, n) = (chunk.lowerBound, chunk.count)
            let (rowH, rowG) = (b0 * hidden, b0 * width)
            let (dHc, dCc) = (dH + rowH, dC + rowH)
            let sum = sums + c * layout.count
            for s in 0..<steps {
                let t = time(ofStep: steps - 1 - s)
                let (before, after) = (slot(before: t) * slice + rowH, slot(after: t) * slice + rowH)
                let (gt, dGt) = (g + t * batch * width + rowG, dGH + t * batch * width + rowG)
                let dGXt = dGX + t * batch * width + rowG
                let dOut = dOutput + (t * batch + b0) * dOutputStride
                switch kind {
                case .rnnTanh, .rnnReLU:
                    cgk_rnn_backward(kind == .rnnReLU ? 1 : 0, n, hidden, hs + after, dOut, dOutputStride, dHc, dGt)
                case .lstm:
                    cgk_lstm_backward(
                        n, hidden, gt, tc + t * slice + rowH, cs + before, dOut, dOutputStride, dHc, dCc, dGt)
                case .gru:
                    cgk_gru_backward(
                        n, hidden, gt, hs + before, hn + t * slice + rowH, dOut, dOutputStride, dHc, dGt, dGXt)
                    cgk_gradient_sums(n, 0, width, dGt, nil, sum + layout.biasHH, nil)
                }
                cgk_gradient_sums(
                    n, narrowFeatures, width, dGXt, x + (t * batch + b0) * inputSize, sum, sum + layout.weightIHT)
                if s == steps - 1 && dh0 == nil { continue }
                StepProduct.multiply(
                    m: n, n: hidden, k: width, a: dGt, lda: width, b: wHH, ldb: hidden,
                    beta: kind == .gru ? 1 : 0, c: dHc, ldc: hidden)
            }
        }
        dh0?.update(from: dH, count: slice)
        dc0?.update(from: dC, count: slice)
        addChunkSums(sums, chunks: chunks, into: grad)
        // The weight gradients split by their rows (gate units), ∂L/∂x by its rows. `∂L/∂W_hh`
        // pairs the gate gradients of time t with the state entering it (slot t, reverse t + 1);
        // from a zero start the first processed step's rows (time 0, reverse T − 1) add nothing.
        let skipped = zeroStart ? 1 : 0
        let hhRows = (steps - skipped) * batch
        let dGHFirst = dGH + (zeroStart && !reverse ? batch * width : 0)
        let statesFirst = hs + (zeroStart ? 1 : slot(before: 0)) * slice
        BatchChunks.forEach(chunks: chunks, batch: width) { _, units in
            let u = units.lowerBound
            if !isNarrow {
                BLAS.gemm(
                    transposeA: true, m: units.count, n: inputSize, k: rows, a: dGX + u, lda: width, b: x,
                    ldb: inputSize, beta: 1, c: grad + weightIH.offset + u * inputSize, ldc: inputSize)
            }
            guard hhRows > 0 else { return }
            BLAS.gemm(
                transposeA: true, m: units.count, n: hidden, k: hhRows, a: dGHFirst + u, lda: width, b: statesFirst,
                ldb: hidden, beta: 1, c: grad + weightHH.offset + u * hidden, ldc: hidden)
        }
        if let dInput {
            BatchChunks.forEach(chunks: chunks, batch: rows) { _, part in
                BLAS.gemm(
                    m: part.count, n: inputSize, k: width, a: dGX + part.lowerBound * width, lda: width,
                    b: p + weightIH.offset, ldb: inputSize, beta: accumulateInput ? 1 : 0,
                    c: dInput + part.lowerBound * inputSize, ldc: inputSize)
            }
        }
    }

    /// Where one chunk's column sums live in `chunkSums`: `∂L/∂b_ih` at 0, `∂L/∂b_hh` at
    /// `biasHH` (the GRU's own sums; RNN and LSTM share `∂L/∂b_ih`, so 0), `∂L/∂W_ihᵀ`
    /// `[F, G·H]` of a narrow input at `weightIHT`; `count` floats per chunk.
    private var sumsLayout: (biasHH: Int, weightIHT: Int, count: Int) {
        let width = kind.gateCount * hiddenSize
        let weightIHT = kind == .gru ? 2 * width : width
        return (kind == .gru ? width : 0, weightIHT, weightIHT + (isNarrow ? inputSize * width : 0))
    }

    /// Adds the per-chunk column sums (`sumsLayout`) to the bias gradients and, for a
    /// narrow input, to `∂L/∂W_ih` (transposing `[F, G·H]` back to `[G·H, F]`).
    private func addChunkSums(_ sums: FloatPointer, chunks: Int, into grad: MutableFloatPointer) {
        let width = kind.gateCount * hiddenSize
        let layout = sumsLayout
        for c in 0..<chunks {
            let sum = sums + c * layout.count
            Kernels.add(grad + biasIH.offset, sum, grad + biasIH.offset, width)
            Kernels.add(grad + biasHH.offset, sum + layout.biasHH, grad + biasHH.offset, width)
            guard isNarrow else { continue }
            let dWT = sum + layout.weightIHT
            let dW = grad + weightIH.offset
            for j in 0..<width { for f in 0..<inputSize { dW[j * inputSize + f] += dWT[f * width + j] } }
        }
    }
}
