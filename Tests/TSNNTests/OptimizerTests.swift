import Testing
import TestSupport
import TSNN
import TSTensor

/// Ten full-batch MSE steps of the fixture MLP per optimizer, against PyTorch's trace
/// (`Fixtures/training.json`, made by `python3 Utilities/Reference/nn_fixtures.py`):
/// the loss before every step and the final parameters.
@Suite struct OptimizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let key: String
        let make: @Sendable () -> any Optimizer
        let clip: Float?
        var testDescription: String { key }
    }

    static let cases = [
        Case(key: "adam", make: { Adam(learningRate: 1e-2) }, clip: nil),
        Case(key: "adam_l2", make: { Adam(learningRate: 1e-2, weightDecay: 0.1) }, clip: nil),
        Case(key: "adamw", make: { AdamW(learningRate: 1e-2, weightDecay: 0.1) }, clip: nil),
        Case(key: "sgd", make: { SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 1e-3) }, clip: 0.8),
    ]

    @Test(arguments: cases)
    func trainingTraceMatchesPyTorch(_ c: Case) throws {
        let weights = try loadFixture("mlp")
        let trace = try loadFixture("training")
        let store = ParameterStore()
        let mlp = referenceMLP(store: store, weights: weights)
        let optimizer = c.make()
        var losses: [Float] = []
        var norms: [Float] = []
        for _ in 0..<10 {
            store.zeroGradients()
            let tape = Tape()
            let loss = MSELoss().evaluate(prediction: mlp.forward(weights["input"], training: true, tape: tape), target: weights["target"])
            tape.backward(loss.dPrediction)
            if let clip = c.clip { norms.append(clipGradientNorm(store, maxNorm: clip)) }
            optimizer.step(store)
            losses.append(loss.value)
        }
        expectClose(Tensor(shape: [10], scalars: losses), trace[c.key + ".losses"], c.key + " losses")
        if c.clip != nil {
            expectClose(Tensor(shape: [10], scalars: norms), trace[c.key + ".norms"], c.key + " gradient norms")
        }
        for entry in store.entries {
            expectClose(store.value(entry), trace[c.key + "." + entry.name], c.key + " " + entry.name)
        }
    }

    @Test func clipGradientNormScalesOnlyAboveTheLimit() {
        var rng = RandomGenerator(seed: 0)
        let store = ParameterStore()
        store.add("a", shape: [2], initializer: .zeros, rng: &rng)
        store.add("b", shape: [1], initializer: .zeros, rng: &rng)
        store.gradients = [3, 0, 4]
        #expect(clipGradientNorm(store, maxNorm: 10) == 5)
        #expect(store.gradients == [3, 0, 4])
        #expect(clipGradientNorm(store, maxNorm: 1) == 5)
        let scale = Float(1 / (5 + 1e-6))
        #expect(store.gradients == [3 * scale, 0, 4 * scale])
    }

    /// Adam with two threads updates near-equal parts of the trainable parameters in
    /// parallel (a store above the 32,768-parameter split threshold, a frozen entry between
    /// trainable ones, odd sizes so the parts cut entries and vector tails): the same bits as
    /// one thread, over three steps (moments included), and the frozen entry untouched.
    @Test func threadedAdamGivesTheSameBits() throws {
        /// The values before and after three steps.
        func run(threads: ComputeThreads) -> (before: [Float], after: [Float]) {
            var rng = RandomGenerator(seed: 5)
            let store = ParameterStore()
            let entries = [("a", 20_011), ("frozen", 3_001), ("b", 17_003), ("c", 5)].map {
                store.add($0.0, shape: [$0.1], initializer: .uniform(low: -1, high: 1), rng: &rng)
            }
            store.setFrozen(true, [entries[1]])
            let before = store.values
            let adam = Adam(learningRate: 1e-2, weightDecay: 0.01, threads: threads)
            for _ in 0..<3 {
                store.gradients = rng.normalTensor(shape: [store.count]).scalars
                adam.step(store)
            }
            return (before, store.values)
        }
        let single = run(threads: .single), double = run(threads: try ComputeThreads(count: 2))
        #expect(single.after.map(\.bitPattern) == double.after.map(\.bitPattern))
        let frozen = 20_011..<23_012, trained = 23_012..<40_015
        #expect(double.after[frozen] == double.before[frozen] && double.after[trained] != double.before[trained])
    }

    @Test func sgdWithoutMomentumIsPlainGradientStep() {
        var rng = RandomGenerator(seed: 0)
        let store = ParameterStore()
        store.add("w", shape: [2], initializer: .constant(1), rng: &rng)
        store.gradients = [0.5, -2]
        SGD(learningRate: 0.1, weightDecay: 0.5).step(store)
        #expect(abs(store.values[0] - (1 - 0.1 * (0.5 + 0.5))) < 1e-7)
        #expect(abs(store.values[1] - (1 - 0.1 * (-2 + 0.5))) < 1e-7)
    }
}
