import TSTensor

/// Backward gate passes (the LSTM's is `cgk_lstm_backward` in `CGateKernels`). On entry `dh` holds `∂L/∂h'` arriving through the recurrence
/// (`[B, H]`); `dOut` (row stride `dOutStride`) adds `∂L/∂h'` of this step's output.
/// Each pass writes `dGates = ∂L/∂(pre-activations)` `[B, G·H]`; the driver then forms
/// `∂L/∂h_{t−1} = dGates·W_hh (+ the direct part a pass leaves in dh)`.
extension CellKernels {
    /// Elman: `dA = dh' ⊙ (1 − h'²)` (tanh) or `dh' ⊙ [h' > 0]` (ReLU).
    static func rnnBackward(
        relu: Bool, batch: Int, hidden: Int, hNext: FloatPointer,
        dOut: FloatPointer, dOutStride: Int, dh: FloatPointer, dGates: MutableFloatPointer
    ) {
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let at = b * hidden + j
            let d = FastMath.load(dOut + b * dOutStride + j, n) + FastMath.load(dh + at, n)
            let h = FastMath.load(hNext + at, n)
            let da = relu ? d.replacing(with: 0, where: h .<= 0) : d * (1 - h * h)
            FastMath.store(da, dGates + at, n)
        }
    }

    /// GRU: `dn = dh' ⊙ (1 − z) ⊙ (1 − n²)`, `dz = dh' ⊙ (h − n) ⊙ z(1 − z)`,
    /// `dr = dn ⊙ hn ⊙ r(1 − r)`. The input side gets `[dr, dz, dn]` (`dGatesX`), the
    /// recurrent side `[dr, dz, dn ⊙ r]` (`dGatesH`); `dh ← dh' ⊙ z` (in place), the part of
    /// `∂L/∂h` that bypasses `W_hh`.
    static func gruBackward(
        batch: Int, hidden: Int, gates: FloatPointer, hPrev: FloatPointer, hn: FloatPointer,
        dOut: FloatPointer, dOutStride: Int, dh: MutableFloatPointer,
        dGatesH: MutableFloatPointer, dGatesX: MutableFloatPointer
    ) {
        let width = 3 * hidden
        forEachLane(batch: batch, hidden: hidden) { b, j, n in
            let g = gates + b * width + j
            let r = FastMath.load(g, n)
            let z = FastMath.load(g + hidden, n)
            let cand = FastMath.load(g + 2 * hidden, n)
            let at = b * hidden + j
            let dhNext = FastMath.load(dOut + b * dOutStride + j, n) + FastMath.load(dh + at, n)
            FastMath.store(dhNext * z, dh + at, n)
            let dn = dhNext * (1 - z) * (1 - cand * cand)
            let dz = dhNext * (FastMath.load(hPrev + at, n) - cand) * z * (1 - z)
            let dr = dn * FastMath.load(hn + at, n) * r * (1 - r)
            let offset = b * width + j
            FastMath.store(dr, dGatesH + offset, n)
            FastMath.store(dz, dGatesH + offset + hidden, n)
            FastMath.store(dr, dGatesX + offset, n)
            FastMath.store(dz, dGatesX + offset + hidden, n)
            FastMath.store(dn * r, dGatesH + offset + 2 * hidden, n)
            FastMath.store(dn, dGatesX + offset + 2 * hidden, n)
        }
    }
}
