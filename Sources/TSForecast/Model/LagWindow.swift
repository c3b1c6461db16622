import TSNN
import TSTensor

/// The NARX regressor of a convolutional forecaster read as a multichannel window:
/// `r [B, S·L] → x [B, S, L]` with `x[b, s, t] = r[b, s·L + L − 1 − t]`.
///
/// The regressor holds `L` lags of each of `S` series, most recent first (`y(k−1) …
/// y(k−L)`, then `u(k−nk) … u(k−nk−L+1)` per input; `NARXSpec`); the window puts them in
/// time order, so step `L − 1` is the newest row. The pullback applies the inverse
/// permutation. No parameters.
final class LagWindow: Layer {
    /// Series per step `S` (the target and each input).
    let series: Int

    init(series: Int) {
        precondition(series >= 1, "LagWindow: needs at least one series, got \(series)")
        self.series = series
    }

    var summaryDetail: String? { "\(series) series" }

    func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(
            inputShape.count == 2 && inputShape[1] > 0 && inputShape[1] % series == 0,
            "LagWindow: expected input [B, \(series)·L], got \(inputShape)")
        return [inputShape[0], series, inputShape[1] / series]
    }

    func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let shape = outputShape(for: input.shape)
        tape?.record { [self] dOutput in reversedSteps(dOutput, shape: input.shape) }
        return reversedSteps(input, shape: shape)
    }

    /// `values` with the steps of every `(b, s)` row reversed, as a tensor of `shape`
    /// (the permutation is its own inverse; only the shape differs).
    private func reversedSteps(_ values: Tensor, shape: [Int]) -> Tensor {
        let steps = values.count / (values.shape[0] * series)
        var result = Tensor(shape: shape)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                for row in stride(from: 0, to: v.count, by: steps) {
                    for t in 0..<steps { r[row + t] = v[row + steps - 1 - t] }
                }
            }
        }
        return result
    }
}
