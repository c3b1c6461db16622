import Testing
import TSNN
import TSTensor

/// `Tape.backward(_:inputGradient: false)`: the first recorded layer skips its input
/// gradient (the data a network reads needs none), every parameter gradient is the same
/// bits as with the input gradient, and the tape asks for input gradients again afterwards.
@Suite struct InputGradientTests {
    /// A network whose first layer is `first` (a `Linear` or a convolution that runs the
    /// direct kernels on the AVX2 and AVX-512 paths and im2col on the baseline path).
    static func network(convolutionFirst: Bool, store: ParameterStore) -> Sequential {
        var rng = RandomGenerator(seed: 3)
        let scope = store.scope("net")
        if convolutionFirst {
            return Sequential([
                Convolution.conv1d(inChannels: 2, outChannels: 4, kernelSize: 3, padding: .same, scope: scope.child(0), rng: &rng),
                Activation(.relu), Flatten(),
                Linear(inputSize: 4 * 40, outputSize: 3, scope: scope.child(3), rng: &rng),
            ])
        }
        return .multilayerPerceptron(sizes: [80, 16, 3], activation: .tanh, scope: scope, rng: &rng)
    }

    @Test(arguments: [false, true])
    func parameterGradientsAreTheSameWithoutTheInputGradient(convolutionFirst: Bool) {
        var rng = RandomGenerator(seed: 4)
        let x = rng.normalTensor(shape: convolutionFirst ? [5, 2, 40] : [5, 80]), dy = rng.normalTensor(shape: [5, 3])
        func run(inputGradient: Bool) -> (gradients: [Float], dx: Tensor, neededAfter: Bool) {
            let store = ParameterStore()
            let net = Self.network(convolutionFirst: convolutionFirst, store: store)
            let tape = Tape()
            _ = net.forward(x, training: true, tape: tape)
            let dx = tape.backward(dy, inputGradient: inputGradient)
            return (store.gradients, dx, tape.inputGradientNeeded)
        }
        let full = run(inputGradient: true), skipped = run(inputGradient: false)
        #expect(full.gradients.map(\.bitPattern) == skipped.gradients.map(\.bitPattern))
        #expect(full.gradients.contains { $0 != 0 })
        #expect(full.dx.shape == x.shape && skipped.dx.count == 0, "the first layer skipped its input gradient")
        #expect(full.neededAfter && skipped.neededAfter)
    }
}
