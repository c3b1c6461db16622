import TSTensor

/// Forward gate passes (the LSTM's is `cgk_lstm_forward` in `CGateKernels`). For RNN `gates` holds the full pre-activations
/// `W_ih x + b_ih + W_hh h + b_hh` of this step on entry (the input-projection GEMM over all
/// steps plus this step's recurrent GEMM); for the GRU it holds `W_ih x + b_ih`, with
/// `hProj = W_hh h_{t−1}` (`[B, G·H]`, bias not included) and `biasHH = b_hh` apart.
/// `gates` holds the gate activations on exit (GRU).
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
