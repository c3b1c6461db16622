import Testing
import TestSupport
@testable import TSNN
import TSTensor

/// The weight gradient may take the im2col columns its forward pass left in the workspace
/// (`columnsFromForward`) instead of rebuilding them. Taking them is the same GEMM on the
/// same columns, so the gradients are the same bits; the tests also show that the columns
/// really are taken (a backward told to take them uses whatever forward ran last) and that
/// the layer takes them only when its workspace was not used since.
@Suite struct ForwardColumnsTests {
    /// Gradients `(dx, dW, db)` of `conv1dBackward` for `dy` after a forward of `forwardInput`
    /// on the same workspace; the backward is told `input` and `fromForward`.
    static func conv1dGradients(
        forwardInput: Tensor, input: Tensor, weight: Tensor, dy: Tensor, axis: ConvAxis, fromForward: Bool
    ) -> [Tensor] {
        let workspace = ConvWorkspace()
        var y = Tensor(shape: [])
        conv1dForward(forwardInput, weight: weight, bias: nil, axis: axis, output: &y, workspace: workspace)
        var dx: Tensor? = Tensor(shape: []), dw = Tensor(shape: weight.shape), db: Tensor? = Tensor(shape: [weight.shape[0]])
        conv1dBackward(
            dy, input: input, weight: weight, axis: axis, dInput: &dx, dWeight: &dw, dBias: &db, workspace: workspace,
            columnsFromForward: fromForward)
        return [dx!, dw, db!]
    }

    /// 1-D, `same` padding with dilation 2 and a strided `valid` case: equal bits both ways.
    @Test func conv1dForwardColumnsGiveTheSameBits() {
        var rng = RandomGenerator(seed: 21)
        for (axis, k) in [(ConvAxis(padding: .same, dilation: 2), 5), (ConvAxis(stride: 2), 3)] {
            let x = rng.normalTensor(shape: [6, 4, 37]), w = rng.normalTensor(shape: [7, 4, k])
            let length = axis.outputSize(inputSize: 37, kernel: k)
            let dy = rng.normalTensor(shape: [6, 7, length])
            let reused = Self.conv1dGradients(forwardInput: x, input: x, weight: w, dy: dy, axis: axis, fromForward: true)
            let rebuilt = Self.conv1dGradients(forwardInput: x, input: x, weight: w, dy: dy, axis: axis, fromForward: false)
            #expect(reused == rebuilt)
        }
    }

    /// Told to take the columns after a forward of another input, the weight gradient of an
    /// im2col forward pass is that input's: the flag is not ignored. A direct forward pass
    /// (`ConvPlan.isDirect`: the AVX2 and AVX-512 paths, 32 or more output positions) builds
    /// no columns, so the weight gradient rebuilds them from the input it is given (or is
    /// direct itself). Length 40: stride 2 (20 positions) runs im2col on every path, `same`
    /// (40) runs directly where the kernels exist.
    @Test func theColumnsAreTakenFromTheWorkspace() {
        var rng = RandomGenerator(seed: 22)
        let x = rng.normalTensor(shape: [3, 2, 40]), other = rng.normalTensor(shape: [3, 2, 40])
        let w = rng.normalTensor(shape: [4, 2, 3])
        for axis in [ConvAxis(stride: 2, padding: .explicit(1)), ConvAxis(padding: .same)] {
            let length = axis.outputSize(inputSize: 40, kernel: 3)
            let dy = rng.normalTensor(shape: [3, 4, length])
            let stale = Self.conv1dGradients(forwardInput: other, input: x, weight: w, dy: dy, axis: axis, fromForward: true)
            let ofOther = Self.conv1dGradients(forwardInput: other, input: other, weight: w, dy: dy, axis: axis, fromForward: false)
            let ofX = Self.conv1dGradients(forwardInput: x, input: x, weight: w, dy: dy, axis: axis, fromForward: false)
            let plan = ConvPlan(
                batch: 3, inChannels: 2, inputSize: (1, 40), outChannels: 4, kernel: (1, 3), height: ConvAxis(), width: axis,
                threads: .single)
            #expect(plan.isDirect == (KernelPath.current >= .avx2 && length >= 32))
            if plan.isDirect {
                #expect(stale[1] == ofX[1] && stale[1] != ofOther[1], "direct forward: the columns are rebuilt")
            } else {
                #expect(stale[1] == ofOther[1] && stale[1] != ofX[1], "im2col forward: its columns are taken")
            }
        }
    }

    /// 2-D with per-axis stride and padding: equal bits both ways.
    @Test func conv2dForwardColumnsGiveTheSameBits() {
        var rng = RandomGenerator(seed: 23)
        let x = rng.normalTensor(shape: [5, 3, 11, 9]), w = rng.normalTensor(shape: [4, 3, 3, 2])
        let height = ConvAxis(stride: 2, padding: .explicit(1)), width = ConvAxis(padding: .same)
        func gradients(fromForward: Bool) -> [Tensor] {
            let workspace = ConvWorkspace()
            var y = Tensor(shape: [])
            conv2dForward(x, weight: w, bias: nil, height: height, width: width, output: &y, workspace: workspace)
            let dy = Tensor(shape: y.shape, scalars: y.scalars.map { $0.magnitude - 1 })
            var dx: Tensor? = Tensor(shape: []), dw = Tensor(shape: w.shape), db: Tensor? = Tensor(shape: [4])
            conv2dBackward(
                dy, input: x, weight: w, height: height, width: width, dInput: &dx, dWeight: &dw, dBias: &db,
                workspace: workspace, columnsFromForward: fromForward)
            return [dx!, dw, db!]
        }
        #expect(gradients(fromForward: true) == gradients(fromForward: false))
    }

    /// One `Conv1d` applied twice on a tape (`y = conv(conv(x))`): the second call's pullback
    /// runs first and takes its forward's columns; the first call's must rebuild them (the
    /// second forward overwrote them). Both equal the functional passes on fresh workspaces.
    @Test func aLayerCalledTwiceRebuildsTheOverwrittenColumns() {
        var rng = RandomGenerator(seed: 24)
        let store = ParameterStore()
        let conv = Convolution.conv1d(inChannels: 3, outChannels: 3, kernelSize: 3, padding: .same, scope: store.scope("c"), rng: &rng)
        let x = rng.normalTensor(shape: [4, 3, 16]), dy = rng.normalTensor(shape: [4, 3, 16])
        let tape = Tape()
        _ = conv.forward(conv.forward(x, training: true, tape: tape), training: true, tape: tape)
        let dx = tape.backward(dy)

        let w = store.value(conv.weight), b = store.value(conv.bias!)
        var y1 = Tensor(shape: [])
        conv1dForward(x, weight: w, bias: b, axis: conv.width, output: &y1, workspace: ConvWorkspace())
        var dw = Tensor(shape: w.shape), db: Tensor? = Tensor(shape: [3]), dy1: Tensor? = Tensor(shape: []), dx0: Tensor? = Tensor(shape: [])
        conv1dBackward(dy, input: y1, weight: w, axis: conv.width, dInput: &dy1, dWeight: &dw, dBias: &db, workspace: ConvWorkspace())
        conv1dBackward(dy1!, input: x, weight: w, axis: conv.width, dInput: &dx0, dWeight: &dw, dBias: &db, workspace: ConvWorkspace())
        #expect(dx == dx0!)
        #expect(store.gradient(conv.weight) == dw && store.gradient(conv.bias!) == db!)
    }
}
