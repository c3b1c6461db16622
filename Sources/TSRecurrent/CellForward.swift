import TSTensor

/// Forward gate passes. For RNN and LSTM `gates` holds the full pre-activations
/// `W_ih x + b_ih + W_hh h + b_hh` of this step on entry (the input-projection GEMM over all
/// steps plus this step's recurrent GEMM); for the GRU it holds `W_ih x + b_ih`, with
/// `hProj = W_hh h_{t−1}` (`[B, G·H]`, bias not included) and `biasHH = b_hh` apart.
/// `gates` holds the gate activations on exit (LSTM, GRU).
extension CellKernels {
    /// Elman step: `h' = tanh(a)` or `relu(a)` with `a = gates`.
    static func rnnForward(relu: Bool, batch: Int, hidden: Int, gates: FloatPointer, hNext: MutableFloatPointer) {
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let at = b * hidden + j
            let a = FastMath.load(gates + at, n)
            let h = relu ? a.replacing(with: 0, where: a .< 0) : FastMath.tanh(a)
            FastMath.store(h, hNext + at, n)
        }
    }

    /// LSTM step (gates i, f, g, o): `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`;
    /// writes the activations to `gates`, `c'` to `cNext`, `tanh(c')` to `tanhC`.
    static func lstmForward(
        batch: Int, hidden: Int, gates: MutableFloatPointer,
        cPrev: FloatPointer, cNext: MutableFloatPointer, tanhC: MutableFloatPointer, hNext: MutableFloatPointer
    ) {
        let width = 4 * hidden
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let g = gates + b * width + j
            let i = FastMath.sigmoid(FastMath.load(g, n))
            let f = FastMath.sigmoid(FastMath.load(g + hidden, n))
            let cand = FastMath.tanh(FastMath.load(g + 2 * hidden, n))
            let o = FastMath.sigmoid(FastMath.load(g + 3 * hidden, n))
            FastMath.store(i, g, n)
            FastMath.store(f, g + hidden, n)
            FastMath.store(cand, g + 2 * hidden, n)
            FastMath.store(o, g + 3 * hidden, n)
            let at = b * hidden + j
            let c = f * FastMath.load(cPrev + at, n) + i * cand
            let tc = FastMath.tanh(c)
            FastMath.store(c, cNext + at, n)
            FastMath.store(tc, tanhC + at, n)
            FastMath.store(o * tc, hNext + at, n)
        }
    }

    /// GRU step (gates r, z, n): `hn = W_hn h + b_hn` (kept in `hn` for backward),
    /// `n = tanh(x_n + r ⊙ hn)`, `h' = n + z ⊙ (h − n)`; writes r, z, n to `gates`.
    static func gruForward(
        batch: Int, hidden: Int, gates: MutableFloatPointer, hProj: FloatPointer, biasHH: FloatPointer,
        hPrev: FloatPointer, hn: MutableFloatPointer, hNext: MutableFloatPointer
    ) {
        let width = 3 * hidden
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let g = gates + b * width + j
            let p = hProj + b * width + j
            let bias = biasHH + j
            let r = FastMath.sigmoid(FastMath.load(g, n) + FastMath.load(p, n) + FastMath.load(bias, n))
            let z = FastMath.sigmoid(
                FastMath.load(g + hidden, n) + FastMath.load(p + hidden, n) + FastMath.load(bias + hidden, n))
            let hidden2 = 2 * hidden
            let recurrent = FastMath.load(p + hidden2, n) + FastMath.load(bias + hidden2, n)
            let cand = FastMath.tanh(FastMath.load(g + hidden2, n) + r * recurrent)
            FastMath.store(r, g, n)
            FastMath.store(z, g + hidden, n)
            FastMath.store(cand, g + hidden2, n)
            let at = b * hidden + j
            FastMath.store(recurrent, hn + at, n)
            FastMath.store(cand + z * (FastMath.load(hPrev + at, n) - cand), hNext + at, n)
        }
    }
}
