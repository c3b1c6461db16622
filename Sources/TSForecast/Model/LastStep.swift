import TSNN
import TSTensor

/// The last time step of a channels-first sequence: `x [B, C, T] → y [B, C]`,
/// `y[b, c] = x[b, c, T − 1]`. The pullback puts `dy` at step `T − 1` and zeros elsewhere.
/// No parameters.
final class LastStep: Layer {
    func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count == 3, "LastStep: expected input [B, C, T], got \(inputShape)")
        return [inputShape[0], inputShape[1]]
    }

    func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let shape = input.shape, steps = shape[2]
        tape?.record { dOutput in
            var dInput = Tensor(shape: shape)
            dInput.withUnsafeMutableBufferPointer { d in
                dOutput.withUnsafeBufferPointer { g in
                    for row in 0..<g.count { d[row * steps + steps - 1] = g[row] }
                }
            }
            return dInput
        }
        var output = Tensor(shape: outputShape(for: shape))
        output.withUnsafeMutableBufferPointer { y in
            input.withUnsafeBufferPointer { x in
                for row in 0..<y.count { y[row] = x[row * steps + steps - 1] }
            }
        }
        return output
    }
}
