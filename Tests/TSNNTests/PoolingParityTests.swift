import Testing
import TestSupport
import TSNN
import TSTensor

/// One pooling operator as the parity and gradient tests drive it: `forward(x)` and
/// `backward(dy, x) → dx` (max pooling re-runs its forward pass for the indices).
struct PoolOperator: CustomTestStringConvertible, Sendable {
    let name: String
    let forward: @Sendable (Tensor) -> Tensor
    let backward: @Sendable (Tensor, Tensor) -> Tensor
    /// Roundings behind each output: 0 for a maximum (exact), the window size plus the
    /// division for an average.
    let forwardTerms: Int
    /// Roundings behind each input gradient: the windows sharing the element (at most the
    /// window size), plus the division for an average.
    let backwardTerms: Int

    var testDescription: String { name }

    static func maxPool(_ name: String, height: PoolAxis?, width: PoolAxis) -> PoolOperator {
        PoolOperator(
            name: name,
            forward: { x in
                var y = Tensor(shape: []), indices: [Int32] = []
                if let height {
                    maxPool2dForward(x, height: height, width: width, output: &y, indices: &indices)
                } else {
                    maxPool1dForward(x, axis: width, output: &y, indices: &indices)
                }
                return y
            },
            backward: { dy, x in
                var y = Tensor(shape: []), indices: [Int32] = [], dx = Tensor(shape: [])
                if let height {
                    maxPool2dForward(x, height: height, width: width, output: &y, indices: &indices)
                    maxPool2dBackward(dy, indices: indices, inputShape: x.shape, height: height, width: width, dInput: &dx)
                } else {
                    maxPool1dForward(x, axis: width, output: &y, indices: &indices)
                    maxPool1dBackward(dy, indices: indices, inputShape: x.shape, axis: width, dInput: &dx)
                }
                return dx
            },
            forwardTerms: 0, backwardTerms: (height?.kernel ?? 1) * width.kernel)
    }

    static func avgPool(_ name: String, height: PoolAxis?, width: PoolAxis, countIncludePad: Bool = true) -> PoolOperator {
        PoolOperator(
            name: name,
            forward: { x in
                var y = Tensor(shape: [])
                if let height {
                    avgPool2dForward(x, height: height, width: width, countIncludePad: countIncludePad, output: &y)
                } else {
                    avgPool1dForward(x, axis: width, countIncludePad: countIncludePad, output: &y)
                }
                return y
            },
            backward: { dy, x in
                var dx = Tensor(shape: [])
                if let height {
                    avgPool2dBackward(
                        dy, inputShape: x.shape, height: height, width: width, countIncludePad: countIncludePad, dInput: &dx)
                } else {
                    avgPool1dBackward(dy, inputShape: x.shape, axis: width, countIncludePad: countIncludePad, dInput: &dx)
                }
                return dx
            },
            forwardTerms: (height?.kernel ?? 1) * width.kernel + 1, backwardTerms: (height?.kernel ?? 1) * width.kernel + 1)
    }

    static let globalAverage = PoolOperator(
        name: "gap",
        forward: { x in
            var y = Tensor(shape: [])
            globalAveragePoolForward(x, output: &y)
            return y
        },
        backward: { dy, x in
            var dx = Tensor(shape: [])
            globalAveragePoolBackward(dy, inputShape: x.shape, dInput: &dx)
            return dx
        },
        forwardTerms: 5 * 3 + 1, backwardTerms: 1)

    /// The fixture cases of `Utilities/Reference/conv_fixtures.py`, with the same options.
    static let fixtureCases: [PoolOperator] = [
        .maxPool("maxpool1d", height: nil, width: PoolAxis(kernel: 3, stride: 2, padding: 1)),
        .maxPool(
            "maxpool2d", height: PoolAxis(kernel: 3, stride: 2, padding: 1, ceilMode: true),
            width: PoolAxis(kernel: 2, stride: 2, padding: 1, ceilMode: true)),
        .avgPool("avgpool1d", height: nil, width: PoolAxis(kernel: 3, stride: 2, padding: 1)),
        .avgPool(
            "avgpool2d_ceil", height: PoolAxis(kernel: 3, stride: 2, padding: 1, ceilMode: true),
            width: PoolAxis(kernel: 3, stride: 2, padding: 1, ceilMode: true)),
        .avgPool(
            "avgpool2d_nopad", height: PoolAxis(kernel: 3, stride: 2, padding: 1),
            width: PoolAxis(kernel: 2, stride: 3, padding: 1), countIncludePad: false),
        globalAverage,
    ]
}

/// PyTorch parity of the pooling operators on `Fixtures/conv.json` (forward and input
/// gradient), within the rounding bound of the operator's terms (`expectWithinRounding`);
/// max pooling's forward pass must be exact.
@Suite struct PoolingParityTests {
    @Test(arguments: PoolOperator.fixtureCases)
    func matchesPyTorch(op: PoolOperator) throws {
        let f = try loadFixture("conv")
        let x = f["\(op.name).x"], dy = f["\(op.name).dy"]
        let y = op.forward(x)
        expectWithinRounding(
            y, f["\(op.name).output"], magnitude: op.forward(absolute(x)), terms: op.forwardTerms, "\(op.name) output")
        if op.forwardTerms == 0 { #expect(y == f["\(op.name).output"], "\(op.name): a maximum is one of the inputs, exactly") }
        let dx = op.backward(dy, x)
        expectWithinRounding(
            dx, f["\(op.name).grad.x"], magnitude: absolute(op.backward(absolute(dy), x)), terms: op.backwardTerms, "\(op.name) dx")
    }
}
