import Testing
import TestSupport
import TSNN
import TSTensor

/// Centered-difference gradient checks of the functional operators w.r.t. every operand
/// (input, weight, bias), with the loss `Σ y·R` (`R` random) accumulated in Double.
///
/// Steps (the error model and the 1 % resolution requirement are `gradientCheck`'s):
/// - Convolution and pooling are linear in each operand, so the centered difference has no
///   truncation error at any step: `ε = 1` keeps the rounding noise `ρ/ε` small (0.25 for
///   max pooling, whose inputs are 1 apart so that no window's maximum moves at `2ε`).
/// - Batch norm is not linear in its input (every output of a channel depends on every
///   input through `μ` and `σ`): `ε = 1e-2`, whose truncation error the check estimates.
@Suite struct FunctionalGradientTests {
    static let convCases: [ConvOperator] = ConvOperator.fixtureCases + [
        .conv1d("conv1d_causal_dilation3", bias: true, ConvAxis(padding: .causal, dilation: 3)).sized(x: [3, 2, 8], w: [3, 2, 3]),
        .conv2d(
            "conv2d_stride3_dilation2", bias: true, height: ConvAxis(stride: 2, padding: .explicit(1), dilation: 2),
            width: ConvAxis(stride: 3)
        ).sized(x: [2, 3, 7, 8], w: [4, 3, 3, 2]),
        .convTranspose1d("convT1d_stride3", bias: false, ConvAxis(stride: 3, padding: .explicit(2)), outputPadding: 2)
            .sized(x: [2, 3, 5], w: [3, 2, 4]),
        // One sample: the GEMMs read and write the tensors in place, without reordering.
        .conv1d("conv1d_one_sample", bias: true, ConvAxis(padding: .same, dilation: 2)).sized(x: [1, 3, 9], w: [2, 3, 3]),
        .conv2d("conv2d_one_sample", bias: true, height: ConvAxis(stride: 2), width: ConvAxis(padding: .explicit(1)))
            .sized(x: [1, 2, 5, 6], w: [3, 2, 2, 3]),
        .convTranspose1d("convT1d_one_sample", bias: true, ConvAxis(stride: 2), outputPadding: 1).sized(x: [1, 2, 4], w: [2, 3, 3]),
    ]

    @Test(arguments: convCases)
    func convolution(op: ConvOperator) {
        var rng = RandomGenerator(seed: 21)
        let biasShape = op.name.hasPrefix("convT") ? [op.shapes.w[1]] : [op.shapes.w[0]]
        var operands = [("x", rng.normalTensor(shape: op.shapes.x)), ("w", rng.normalTensor(shape: op.shapes.w))]
        if op.hasBias { operands.append(("b", rng.normalTensor(shape: biasShape))) }
        let reports = checkOperator(operands, epsilon: 1, rng: &rng) { v in
            op.forward(v[0], v[1], op.hasBias ? v[2] : nil)
        } backward: { dy, v in
            let (dx, dw, db) = op.backward(dy, v[0], v[1], op.hasBias)
            return [dx, dw] + (db.map { [$0] } ?? [])
        }
        #expect(reports.count == operands.count)
        expectGradientsMatch(reports)
    }

    @Test(arguments: PoolOperator.fixtureCases)
    func pooling(op: PoolOperator) {
        var rng = RandomGenerator(seed: 22)
        // Distinct values 1 apart, shuffled: a ±0.25 step never changes a window's maximum.
        let shape = op.name == "gap" ? [3, 4, 5, 3] : op.name.contains("1d") ? [2, 3, 11] : [2, 2, 7, 8]
        var values = (0..<shape.reduce(1, *)).map { Float($0) - Float(shape.reduce(1, *)) / 2 }
        values.shuffle(using: &rng)
        let reports = checkOperator([("x", Tensor(shape: shape, scalars: values))], epsilon: 0.25, rng: &rng) { v in
            op.forward(v[0])
        } backward: { dy, v in
            [op.backward(dy, v[0])]
        }
        expectGradientsMatch(reports)
    }

    @Test(arguments: [[7, 3], [4, 3, 5], [3, 2, 3, 5]], [true, false])
    func batchNorm(shape: [Int], training: Bool) {
        var rng = RandomGenerator(seed: 23)
        let channels = shape[1]
        let x = rng.normalTensor(shape: shape), w = rng.normalTensor(shape: [channels]), b = rng.normalTensor(shape: [channels])
        let runningVar = Tensor(shape: [channels], scalars: (0..<channels).map { 0.5 + Float($0) * 0.3 })
        let runningMean = rng.normalTensor(shape: [channels])
        func forward(_ v: [Tensor]) -> (Tensor, BatchNormSaved) {
            var mean = runningMean, variance = runningVar, y = Tensor(shape: []), saved = BatchNormSaved()
            batchNormForward(
                v[0], weight: v[1], bias: v[2], runningMean: &mean, runningVar: &variance, training: training, output: &y,
                saved: &saved)
            return (y, saved)
        }
        let reports = checkOperator([("x", x), ("w", w), ("b", b)], epsilon: 1e-2, rng: &rng) { v in
            forward(v).0
        } backward: { dy, v in
            var dx: Tensor? = Tensor(shape: [])
            var dw = Tensor(shape: [channels]), db = Tensor(shape: [channels])
            batchNormBackward(dy, input: v[0], weight: v[1], saved: forward(v).1, dInput: &dx, dWeight: &dw, dBias: &db)
            return [dx!, dw, db]
        }
        expectGradientsMatch(reports)
    }
}

/// Gradient check of a stateless operator: `R` random of the output's shape, loss
/// `Σ forward(operands)·R` in Double, every element of every operand probed against
/// `backward(R, operands)` (one gradient per operand, in order).
func checkOperator(
    _ operands: [(String, Tensor)], epsilon: Float, rng: inout RandomGenerator, forward: @escaping ([Tensor]) -> Tensor,
    backward: (Tensor, [Tensor]) -> [Tensor]
) -> [GradientCheckReport] {
    let boxes = operands.map { TensorBox($0.1) }
    let values = { boxes.map(\.value) }
    let weights = rng.normalTensor(shape: forward(values()).shape)
    let gradients = backward(weights, values())
    precondition(gradients.count == operands.count, "checkOperator: \(gradients.count) gradients for \(operands.count) operands")
    let probes = zip(operands, zip(boxes, gradients)).map { Probe.tensor($0.0, $1.0, analytic: $1.1) }
    return gradientCheck(probes: probes, epsilon: epsilon) { projectedLoss(forward(values()), weights) }
}
