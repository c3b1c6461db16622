import Testing
import TestSupport
import TSNN
import TSTensor

/// PyTorch parity of `batchNormForward`/`batchNormBackward` on `Fixtures/conv.json`
/// (`F.batch_norm`, momentum 0.1, ε 1e-5): output, updated running statistics and the
/// gradients w.r.t. input, weight and bias, in training and evaluation mode.
///
/// Bounds (`expectWithinRounding`): the statistics are summed in Double and rounded once,
/// so what remains is a short chain of Float32 roundings per element whose magnitudes the
/// test computes from the saved statistics (`scale = |γ|·invStd`, `x̂` error `≤ u·(|x| + |μ|)·invStd`):
/// - output `x·scale + (β − μ·scale)`: `M = scale·(|x| + |μ|) + |β|`, 8 roundings (variance,
///   `+ε`, square root, division, the two products, the subtraction and the final add);
/// - dx `scale·(dy − mean dy − x̂·mean(dy·x̂))`: `M = scale·(|dy| + mean|dy| + (|x| + |μ|)·invStd·mean(|dy|·(|x| + |μ|)·invStd))`,
///   10 roundings;
/// - dγ `Σ dy·x̂` (Double sum of Float `x̂`): `M = Σ |dy|·(|x| + |μ|)·invStd`, 4 roundings;
///   dβ `Σ dy` (Double): `M = Σ|dy|`, 1 rounding;
/// - running statistics `0.9·r + 0.1·s` (·`N/(N − 1)` for the variance): 5 roundings of
///   `M = 0.9|r| + 0.1|s|·N/(N − 1)`.
@Suite struct BatchNormParityTests {
    @Test(arguments: ["bn1d_flat", "bn1d_seq", "bn2d", "bn2d_eval"])
    func matchesPyTorch(key: String) throws {
        let f = try loadFixture("conv")
        let training = key != "bn2d_eval"
        let x = f["\(key).x"], w = f["\(key).w"], b = f["\(key).b"], dy = f["\(key).dy"]
        var runningMean = f["\(key).running_mean"], runningVar = f["\(key).running_var"]
        let (meanBefore, varBefore) = (runningMean, runningVar)
        var y = Tensor(shape: []), saved = BatchNormSaved()
        batchNormForward(
            x, weight: w, bias: b, runningMean: &runningMean, runningVar: &runningVar, training: training,
            output: &y, saved: &saved)
        var dx: Tensor? = Tensor(shape: [])
        var dw = Tensor(shape: w.shape), db = Tensor(shape: b.shape)
        batchNormBackward(dy, input: x, weight: w, saved: saved, dInput: &dx, dWeight: &dw, dBias: &db)

        let m = Magnitudes(x: x, weight: w, bias: b, dy: dy, saved: saved)
        expectWithinRounding(y, f["\(key).output"], magnitude: m.output, terms: 8, "\(key) output")
        expectWithinRounding(dx!, f["\(key).grad.x"], magnitude: m.dx, terms: 10, "\(key) dx")
        expectWithinRounding(dw, f["\(key).grad.w"], magnitude: m.dWeight, terms: 4, "\(key) dWeight")
        expectWithinRounding(db, f["\(key).grad.b"], magnitude: m.dBias, terms: 1, "\(key) dBias")
        let n = Float(x.count / x.shape[1])
        let batchMean = Tensor(shape: w.shape, scalars: training ? saved.mean : meanBefore.scalars)
        let batchVar = Tensor(shape: w.shape, scalars: saved.invStd.map { 1 / ($0 * $0) * n / (n - 1) })
        expectWithinRounding(
            runningMean, f["\(key).running_mean_after"], magnitude: blend(meanBefore, batchMean), terms: 5, "\(key) running_mean")
        expectWithinRounding(
            runningVar, f["\(key).running_var_after"], magnitude: blend(varBefore, batchVar), terms: 5, "\(key) running_var")
        if !training { #expect(runningMean == meanBefore && runningVar == varBefore, "evaluation leaves the running statistics alone") }
    }

    /// `0.9|r| + 0.1|s|`.
    private func blend(_ r: Tensor, _ s: Tensor) -> Tensor {
        Tensor(shape: r.shape, scalars: zip(r.scalars, s.scalars).map { 0.9 * abs($0) + 0.1 * abs($1) })
    }

    /// The magnitudes `M` of the bounds above, per element.
    private struct Magnitudes {
        var output: Tensor, dx: Tensor, dWeight: Tensor, dBias: Tensor

        init(x: Tensor, weight: Tensor, bias: Tensor, dy: Tensor, saved: BatchNormSaved) {
            let channels = x.shape[1], inner = x.count / (x.shape[0] * channels), count = Double(x.count / channels)
            func channel(_ i: Int) -> Int { (i / inner) % channels }
            func spread(_ i: Int) -> Double {  // (|x| + |μ|)·invStd, the scale of x̂'s rounding error
                (Double(abs(x.scalars[i])) + Double(abs(saved.mean[channel(i)]))) * Double(saved.invStd[channel(i)])
            }
            var sumDy = [Double](repeating: 0, count: channels), sumDySpread = sumDy
            for i in 0..<x.count {
                sumDy[channel(i)] += Double(abs(dy.scalars[i]))
                sumDySpread[channel(i)] += Double(abs(dy.scalars[i])) * spread(i)
            }
            var out = [Float](repeating: 0, count: x.count), dIn = out
            for i in 0..<x.count {
                let c = channel(i), scale = Double(abs(weight.scalars[c])) * Double(saved.invStd[c])
                out[i] = Float(scale * (Double(abs(x.scalars[i])) + Double(abs(saved.mean[c]))) + Double(abs(bias.scalars[c])))
                dIn[i] = Float(scale * (Double(abs(dy.scalars[i])) + sumDy[c] / count + spread(i) * sumDySpread[c] / count))
            }
            output = Tensor(shape: x.shape, scalars: out)
            dx = Tensor(shape: x.shape, scalars: dIn)
            dWeight = Tensor(shape: [channels], scalars: sumDySpread.map { Float($0) })
            dBias = Tensor(shape: [channels], scalars: sumDy.map { Float($0) })
        }
    }
}
