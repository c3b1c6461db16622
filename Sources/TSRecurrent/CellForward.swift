import TSTensor

/// Forward gate passes. `gates` holds `W_ih x + b_ih` of this step on entry
/// (the input projection GEMM over all steps) and the gate activations on exit;
/// `hProj = W_hh h_{t−1}` (`[B, G·H]`, bias not included), `biasHH = b_hh`.
extension CellKernels {
    private typealias V = SIMD8<Float>

    /// Elman step: `h' = tanh(a)` or `relu(a)` with `a = gates + hProj + b_hh`.
    static func rnnForward(
        relu: Bool, batch: Int, hidden: Int, gates: FloatPointer, hProj: FloatPointer,
        biasHH: FloatPointer, hNext: MutableFloatPointer
    ) {
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let at = b * hidden + j
            let a = FastMath.load(gates + at, n) + FastMath.load(hProj + at, n) + FastMath.load(biasHH + j, n)
            let h = relu ? a.replacing(with: 0, where: a .< 0) : FastMath.tanh(a)
            FastMath.store(h, hNext + at, n)
        }
    }

    /// LSTM step (gates i, f, g, o): `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`;
    /// writes the activations to `gates`, `c'` to `cNext`, `tanh(c')` to `tanhC`.
    static func lstmForward(
        batch: Int, hidden: Int, gates: MutableFloatPointer, hProj: FloatPointer, biasHH: FloatPointer,
        cPrev: FloatPointer, cNext: MutableFloatPointer, tanhC: MutableFloatPointer, hNext: MutableFloatPointer
    ) {
        let width = 4 * hidden
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let g = gates + b * width + j
            let p = hProj + b * width + j
            let bias = biasHH + j
            func preactivation(_ k: Int) -> V {
                FastMath.load(g + k * hidden, n) + FastMath.load(p + k * hidden, n) + FastMath.load(bias + k * hidden, n)
            }
            let i = FastMath.sigmoid(preactivation(0))
            let f = FastMath.sigmoid(preactivation(1))
            let cand = FastMath.tanh(preactivation(2))
            let o = FastMath.sigmoid(preactivation(3))
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
