import Testing
import TestSupport
import TSNN
import TSTensor

/// One convolution operator as the parity and gradient tests drive it: `forward(x, w, b)`
/// and `backward(dy, x, w) → (dx, dw, db)`, with the bias optional.
struct ConvOperator: CustomTestStringConvertible, Sendable {
    let name: String
    let hasBias: Bool
    let forward: @Sendable (Tensor, Tensor, Tensor?) -> Tensor
    let backward: @Sendable (Tensor, Tensor, Tensor, Bool) -> (dx: Tensor, dw: Tensor, db: Tensor?)
    /// Terms of each output's dot product, given `x` and `w` (forward; `+1` with the bias) and
    /// of each `dx` element; `dw` sums `B·L` terms, `db` `B·L_out`.
    let forwardTerms: @Sendable (_ x: [Int], _ w: [Int]) -> Int
    let inputGradientTerms: @Sendable (_ w: [Int]) -> Int
    let weightGradientTerms: @Sendable (_ x: [Int], _ y: [Int]) -> Int
    /// Input and weight shapes for the gradient checks (the fixture's own for fixture cases).
    var shapes: (x: [Int], w: [Int]) = ([], [])

    var testDescription: String { name }

    /// The same operator, checked on operands of `x` and `w` shapes.
    func sized(x: [Int], w: [Int]) -> ConvOperator {
        var copy = self
        copy.shapes = (x, w)
        return copy
    }

    static func conv1d(_ name: String, bias: Bool, _ axis: ConvAxis) -> ConvOperator {
        ConvOperator(
            name: name, hasBias: bias,
            forward: { x, w, b in
                var y = Tensor(shape: [])
                conv1dForward(x, weight: w, bias: b, axis: axis, output: &y, workspace: ConvWorkspace())
                return y
            },
            backward: { dy, x, w, withBias in
                var dx: Tensor? = Tensor(shape: [])
                var dw = Tensor(shape: w.shape)
                var db: Tensor? = withBias ? Tensor(shape: [w.shape[0]]) : nil
                conv1dBackward(dy, input: x, weight: w, axis: axis, dInput: &dx, dWeight: &dw, dBias: &db, workspace: ConvWorkspace())
                return (dx!, dw, db)
            },
            forwardTerms: { _, w in w[1] * w[2] }, inputGradientTerms: { w in w[0] * w[2] },
            weightGradientTerms: { _, y in y[0] * y[2] })
    }

    static func conv2d(_ name: String, bias: Bool, height: ConvAxis, width: ConvAxis) -> ConvOperator {
        ConvOperator(
            name: name, hasBias: bias,
            forward: { x, w, b in
                var y = Tensor(shape: [])
                conv2dForward(x, weight: w, bias: b, height: height, width: width, output: &y, workspace: ConvWorkspace())
                return y
            },
            backward: { dy, x, w, withBias in
                var dx: Tensor? = Tensor(shape: [])
                var dw = Tensor(shape: w.shape)
                var db: Tensor? = withBias ? Tensor(shape: [w.shape[0]]) : nil
                conv2dBackward(
                    dy, input: x, weight: w, height: height, width: width, dInput: &dx, dWeight: &dw, dBias: &db,
                    workspace: ConvWorkspace())
                return (dx!, dw, db)
            },
            forwardTerms: { _, w in w[1] * w[2] * w[3] }, inputGradientTerms: { w in w[0] * w[2] * w[3] },
            weightGradientTerms: { _, y in y[0] * y[2] * y[3] })
    }

    static func convTranspose1d(_ name: String, bias: Bool, _ axis: ConvAxis, outputPadding: Int) -> ConvOperator {
        ConvOperator(
            name: name, hasBias: bias,
            forward: { x, w, b in
                var y = Tensor(shape: [])
                convTranspose1dForward(
                    x, weight: w, bias: b, axis: axis, outputPadding: outputPadding, output: &y, workspace: ConvWorkspace())
                return y
            },
            backward: { dy, x, w, withBias in
                var dx: Tensor? = Tensor(shape: [])
                var dw = Tensor(shape: w.shape)
                var db: Tensor? = withBias ? Tensor(shape: [w.shape[1]]) : nil
                convTranspose1dBackward(
                    dy, input: x, weight: w, axis: axis, outputPadding: outputPadding, dInput: &dx, dWeight: &dw,
                    dBias: &db, workspace: ConvWorkspace())
                return (dx!, dw, db)
            },
            // y gathers C_in·k products at most; dx is the convolution of dy (C_out·k terms);
            // dW sums over the B·T positions of x.
            forwardTerms: { _, w in w[0] * w[2] }, inputGradientTerms: { w in w[1] * w[2] },
            weightGradientTerms: { x, _ in x[0] * x[2] })
    }

    /// The fixture cases of `Utilities/Reference/conv_fixtures.py`, with the same options
    /// and operand shapes.
    static let fixtureCases: [ConvOperator] = [
        conv1d("conv1d_stride", bias: true, ConvAxis(stride: 2, padding: .explicit(1), dilation: 2))
            .sized(x: [2, 3, 13], w: [4, 3, 3]),
        conv1d("conv1d_same", bias: true, ConvAxis(padding: .same)).sized(x: [3, 2, 9], w: [5, 2, 4]),
        conv1d("conv1d_valid", bias: false, ConvAxis(stride: 3)).sized(x: [2, 3, 17], w: [2, 3, 5]),
        conv1d("conv1d_causal", bias: true, ConvAxis(padding: .causal, dilation: 2)).sized(x: [2, 3, 10], w: [4, 3, 3]),
        conv2d(
            "conv2d_stride", bias: true, height: ConvAxis(stride: 2, padding: .explicit(1)),
            width: ConvAxis(padding: .explicit(2), dilation: 2)
        ).sized(x: [2, 3, 7, 9], w: [5, 3, 3, 2]),
        conv2d("conv2d_same", bias: false, height: ConvAxis(padding: .same, dilation: 2), width: ConvAxis(padding: .same))
            .sized(x: [2, 2, 6, 5], w: [3, 2, 3, 4]),
        convTranspose1d("convT1d", bias: true, ConvAxis(stride: 2, padding: .explicit(1), dilation: 2), outputPadding: 1)
            .sized(x: [2, 4, 6], w: [4, 3, 3]),
        // 32 or more output positions: the direct kernels on the AVX2 and AVX-512 paths.
        conv1d("conv1d_direct_same", bias: true, ConvAxis(padding: .same, dilation: 2)).sized(x: [3, 3, 40], w: [5, 3, 4]),
        conv1d("conv1d_direct_stride", bias: true, ConvAxis(stride: 2, padding: .explicit(2))).sized(x: [2, 2, 80], w: [6, 2, 5]),
        conv2d("conv2d_direct_same", bias: false, height: ConvAxis(padding: .same), width: ConvAxis(padding: .same))
            .sized(x: [2, 2, 8, 9], w: [4, 2, 3, 3]),
    ]
}

/// PyTorch parity of the convolution operators on `Fixtures/conv.json`: forward output and
/// the gradients of `Σ y·dy` w.r.t. input, weight and bias, each within the rounding bound
/// of its dot products (`expectWithinRounding`), on whichever kernel path the CPU takes.
@Suite struct ConvParityTests {
    @Test(arguments: ConvOperator.fixtureCases)
    func matchesPyTorch(op: ConvOperator) throws {
        let f = try loadFixture("conv")
        let key = op.name
        let x = f["\(key).x"], w = f["\(key).w"], dy = f["\(key).dy"]
        let b: Tensor? = op.hasBias ? f["\(key).b"] : nil
        let (ax, aw, ab) = (absolute(x), absolute(w), b.map(absolute))
        let biasTerm = op.hasBias ? 1 : 0

        let y = op.forward(x, w, b)
        expectWithinRounding(
            y, f["\(key).output"], magnitude: op.forward(ax, aw, ab),
            terms: op.forwardTerms(x.shape, w.shape) + biasTerm, "\(key) output")

        let (dx, dw, db) = op.backward(dy, x, w, op.hasBias)
        let magnitudes = op.backward(absolute(dy), ax, aw, op.hasBias)
        expectWithinRounding(dx, f["\(key).grad.x"], magnitude: magnitudes.dx, terms: op.inputGradientTerms(w.shape), "\(key) dx")
        expectWithinRounding(
            dw, f["\(key).grad.w"], magnitude: magnitudes.dw, terms: op.weightGradientTerms(x.shape, dy.shape), "\(key) dw")
        if let db {
            expectWithinRounding(
                db, f["\(key).grad.b"], magnitude: magnitudes.db!, terms: dy.count / dy.shape[1], "\(key) db")
        }
    }
}
