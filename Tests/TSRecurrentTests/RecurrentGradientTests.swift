import Testing
import TestSupport
import TSNN
import TSRecurrent
import TSTensor

/// Centered-difference gradient checks of `RecurrentNetwork` over every parameter, the
/// input and the initial states, with a loss that uses every output step and the final
/// state: `L = Σ output·R + Σ h_n·Rh (+ Σ c_n·Rc)`.
@Suite struct RecurrentGradientTests {
    /// A network with random input, initial state and loss weights, and the loss closure.
    struct Setup {
        let network: RecurrentNetwork
        let store: ParameterStore
        let input: TensorBox
        let h0: TensorBox
        let c0: TensorBox?
        let weights: RecurrentState
        let outputWeights: Tensor

        init(kind: RecurrentKind, bidirectional: Bool, hidden: Int, dropout: Float = 0, steps: Int = 5, batch: Int = 2, features: Int = 3) {
            var rng = RandomGenerator(seed: 11)
            store = ParameterStore()
            network = RecurrentNetwork(
                kind: kind, inputSize: features, hiddenSize: hidden, numLayers: 2, bidirectional: bidirectional,
                dropout: dropout, store: store, prefix: "rnn", rng: &rng)
            let slices = 2 * network.directionCount
            input = TensorBox(rng.normalTensor(shape: [steps, batch, features]))
            h0 = TensorBox(rng.normalTensor(shape: [slices, batch, hidden], std: 0.5))
            c0 = kind.hasCellState ? TensorBox(rng.normalTensor(shape: [slices, batch, hidden], std: 0.5)) : nil
            outputWeights = rng.normalTensor(shape: [steps, batch, network.outputSize])
            weights = RecurrentState(
                h: rng.normalTensor(shape: [slices, batch, hidden]),
                c: kind.hasCellState ? rng.normalTensor(shape: [slices, batch, hidden]) : nil)
        }

        /// Runs forward (re-seeding dropout so every evaluation sees the same mask) and the loss.
        func loss(training: Bool) -> (Double, output: Tensor, final: RecurrentState) {
            network.dropoutGenerator = RandomGenerator(seed: 99)
            let (output, final) = network.forward(
                input.value, initialState: RecurrentState(h: h0.value, c: c0?.value), training: training)
            var total = projectedLoss(output, outputWeights) + projectedLoss(final.h, weights.h)
            if let c = final.c, let rc = weights.c { total += projectedLoss(c, rc) }
            return (total, output, final)
        }

        /// Back-propagates `R`, `Rh`, `Rc` once and checks every probe numerically.
        /// ReLU networks use a smaller step (ε = 1e-3) so no pre-activation crosses the kink
        /// at 0; the check's error model (`gradientCheck`) accounts for the larger rounding
        /// noise `ρ/ε` that costs, and its resolution requirement proves it still sees 1 %.
        func check(training: Bool = false) -> [GradientCheckReport] {
            _ = loss(training: training)
            store.zeroGradients()
            let (dInput, dInitial) = network.backward(dOutput: outputWeights, dFinalState: weights)
            var probes = Probe.parameters(of: store) + [
                Probe.tensor("input", input, analytic: dInput), Probe.tensor("h0", h0, analytic: dInitial.h),
            ]
            if let c0, let dc = dInitial.c { probes.append(Probe.tensor("c0", c0, analytic: dc)) }
            let relu = network.kind == .rnnReLU
            return gradientCheck(probes: probes, epsilon: relu ? 1e-3 : 1e-2) {
                loss(training: training).0
            }
        }
    }

    /// H = 9 covers both the full eight-lane and the partial-tail paths of the gate passes.
    @Test(arguments: RecurrentKind.allCases, [false, true])
    func gradientsMatchFiniteDifferences(kind: RecurrentKind, bidirectional: Bool) {
        let reports = Setup(kind: kind, bidirectional: bidirectional, hidden: bidirectional ? 4 : 9).check()
        #expect(reports.count == 8 * (bidirectional ? 2 : 1) + (kind.hasCellState ? 3 : 2))
        expectGradientsMatch(reports)
    }

    @Test(arguments: [RecurrentKind.lstm, .gru])
    func degenerateShapesStillDifferentiate(kind: RecurrentKind) {
        let setup = Setup(kind: kind, bidirectional: true, hidden: 1, steps: 1, batch: 1, features: 1)
        // With one step, W_hh meets only h0 and its gradients are ≈1e-3 of the loss scale,
        // while the loss's rounding noise is set by the whole loss: the check resolves
        // 10 % there (1 % everywhere else).
        expectGradientsMatch(setup.check(), resolution: 0.1)
    }

    @Test func gradientsFlowThroughTrainingDropout() {
        let setup = Setup(kind: .lstm, bidirectional: true, hidden: 4, dropout: 0.4)
        let training = setup.loss(training: true)
        let evaluation = setup.loss(training: false)
        #expect(training.output != evaluation.output)
        #expect(setup.loss(training: true).output == training.output, "dropout masks follow dropoutGenerator")
        expectGradientsMatch(setup.check(training: true))
    }
}
