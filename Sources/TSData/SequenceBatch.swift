import TSTensor

extension SequenceSpec {
    /// A time-major batch of step runs, `T` the longest of them: run `n` (`nil` for a lane of
    /// padding) fills lane `n` with target rows `row ..< row + length` of its recording:
    /// `inputs[t, n] = [y(k−1), u_j(k−nk_j)…]`, `targets[t, n, h] = y(k + h)` (`[T, B, H]`,
    /// `H = horizon`) and `weights[t, n, h] = weight(n, t, k)` with `k = row + t`; padding is
    /// zero throughout.
    func batch(
        _ runs: [(recording: Recording, row: Int, length: Int)?], weight: (_ lane: Int, _ step: Int, _ row: Int) -> Float
    ) -> (inputs: Tensor, targets: Tensor, weights: Tensor) {
        let b = runs.count, f = featureCount, o = horizon
        let steps = runs.map { $0?.length ?? 0 }.max() ?? 0
        var inputs = Tensor(shape: [steps, b, f])
        var targets = Tensor(shape: [steps, b, o])
        var weights = Tensor(shape: [steps, b, o])
        inputs.withUnsafeMutableBufferPointer { x in
            targets.withUnsafeMutableBufferPointer { y in
                weights.withUnsafeMutableBufferPointer { m in
                    for (n, run) in runs.enumerated() {
                        guard let run else { continue }
                        for t in 0..<run.length {
                            let k = run.row + t
                            features(of: run.recording, at: k, into: x.baseAddress! + (t * b + n) * f)
                            let w = weight(n, t, k)
                            for h in 0..<o {
                                y[(t * b + n) * o + h] = run.recording.target[k + h]
                                m[(t * b + n) * o + h] = w
                            }
                        }
                    }
                }
            }
        }
        return (inputs, targets, weights)
    }
}
