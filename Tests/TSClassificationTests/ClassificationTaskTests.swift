import Testing
import TestSupport
import TSClassification
import TSNN
import TSTensor

/// `ClassificationTask.trainStep` gathers the batch in the network's layout and runs the
/// softmax cross-entropy of the right labels (its loss equals that of a forward pass on the
/// rows gathered by hand), and accumulates the gradient of that loss: what it leaves in the
/// store for the FCN's head (`10.weight`, `10.bias`, after global pooling, so the loss is
/// smooth in them) matches centered differences of the loss it returns (`gradientCheck`'s
/// error model; batch norm in training mode is deterministic).
@Suite struct ClassificationTaskTests {
    @Test func trainStepGradientMatchesTheLoss() {
        var rng = RandomGenerator(seed: 11)
        let spec = ClassifierSpec(
            kind: .fcn, classes: ["a", "b", "c"], length: 12, normalization: .none, columns: (0..<12).map { "t\($0)" },
            labelColumn: "label")
        let classifier = Classifier(spec: spec, seed: 3)
        let samples = rng.normalTensor(shape: [5, 12])
        let task = ClassificationTask(classifier: classifier, samples: samples, classIndices: [2, 0, 1, 1, 2])
        let batch = [4, 1, 2]
        let store = classifier.store
        store.zeroGradients()
        let loss = task.trainStep(indices: batch)
        let gathered = Tensor(shape: [3, 1, 12], scalars: batch.flatMap { samples.scalars[($0 * 12)..<(($0 + 1) * 12)] })
        let expected = SoftmaxCrossEntropyLoss().evaluate(prediction: classifier.network.forward(gathered, training: true), target: [2, 0, 1])
        #expect(loss == Double(expected.value))
        // The bias and the weights from 8 channels into each class (every 16th column): enough
        // to see a wrong loss scale or a gradient of another batch, at a sixteenth of the cost.
        let weight = store.entry(named: "10.weight")!, bias = store.entry(named: "10.bias")!
        let picked = (0..<3).flatMap { c in stride(from: 0, to: 128, by: 16).map { weight.offset + c * 128 + $0 } }
        let probes = [
            Probe(
                name: "10.weight (sampled)", analytic: picked.map { store.gradients[$0] },
                get: { store.values[picked[$0]] }, set: { store.values[picked[$0]] = $1 }),
            Probe(
                name: "10.bias", analytic: Array(store.gradients[bias.range]),
                get: { store.values[bias.offset + $0] }, set: { store.values[bias.offset + $0] = $1 }),
        ]
        let reports = gradientCheck(probes: probes) {
            store.zeroGradients()
            return task.trainStep(indices: batch)
        }
        expectGradientsMatch(reports)
    }
}
