import Testing
import TestSupport
import TSNN
import TSTensor

/// The module tree: names composed by scopes, walks, freezing, buffers, sub-model state
/// dicts, summaries, and tapes that let one layer run several times before backward.
@Suite struct ModuleTreeTests {
    /// `encoder`: `Linear(3→4)`, tanh, `Linear(4→2)`; `decoder`: `Linear(2→3)`.
    final class TwoPart: Module {
        let encoder: Sequential
        let decoder: Linear
        init(scope: ParameterScope, rng: inout RandomGenerator) {
            encoder = Sequential.multilayerPerceptron(sizes: [3, 4, 2], activation: .tanh, scope: scope.child("encoder"), rng: &rng)
            decoder = Linear(inputSize: 2, outputSize: 3, scope: scope.child("decoder"), rng: &rng)
        }
        var children: [(name: String, module: any Module)] { [("encoder", encoder), ("decoder", decoder)] }
    }

    @Test func scopesComposeStateDictNamesThatMatchTheTree() {
        var rng = RandomGenerator(seed: 1)
        let store = ParameterStore()
        let model = TwoPart(scope: store.scope("vae"), rng: &rng)
        #expect(store.entries.map(\.name) == [
            "vae.encoder.0.weight", "vae.encoder.0.bias", "vae.encoder.2.weight", "vae.encoder.2.bias",
            "vae.decoder.weight", "vae.decoder.bias",
        ])
        #expect(model.parameters() == store.entries)
        #expect(model.namedModules().map(\.path) == ["", "encoder", "encoder.0", "encoder.1", "encoder.2", "decoder"])
        // Every parameter's name is its module's path in the tree (under the root scope) plus its own name.
        for (path, module) in model.namedModules() {
            for entry in module.ownParameters { #expect(entry.name.hasPrefix("vae.\(path).")) }
        }
        #expect(model.encoder.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
    }

    @Test func frozenParametersGetNoGradientAndNoUpdate() {
        var rng = RandomGenerator(seed: 2)
        let store = ParameterStore()
        let model = TwoPart(scope: store.scope(), rng: &rng)
        store.freeze(model.encoder)
        #expect(store.trainableRanges == [model.decoder.weight.offset..<store.count])
        let x = rng.normalTensor(shape: [5, 3])
        let tape = Tape()
        let y = model.decoder.forward(model.encoder.forward(x, training: true, tape: tape), training: true, tape: tape)
        let dx = tape.backward(MSELoss().evaluate(prediction: y, target: x).dPrediction)
        for entry in model.encoder.parameters() { #expect(store.gradient(entry).scalars.allSatisfy { $0 == 0 }, "\(entry.name)") }
        #expect(store.gradient(model.decoder.weight).scalars.contains { $0 != 0 })
        #expect(dx.scalars.contains { $0 != 0 }, "the input gradient still flows through frozen layers")

        let before = store.values
        let optimizer = Adam(learningRate: 0.1, weightDecay: 0.1)
        optimizer.step(store)
        let encoderRange = 0..<model.decoder.weight.offset
        #expect(Array(store.values[encoderRange]) == Array(before[encoderRange]))
        #expect(Array(store.values[encoderRange.upperBound...]) != Array(before[encoderRange.upperBound...]))
        SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1).step(store)
        #expect(Array(store.values[encoderRange]) == Array(before[encoderRange]))

        store.unfreeze(model.encoder)
        #expect(store.trainableRanges == [0..<store.count])
    }

    @Test func buffersAreSavedButNeverTrained() {
        let store = ParameterStore()
        let scope = store.scope("bn")
        let weight = scope.parameter("weight", value: Tensor(shape: [2], repeating: 1))
        let runningMean = scope.buffer("running_mean", value: Tensor(shape: [2], scalars: [0.5, -0.5]))
        #expect(store.count == 2 && store.gradients.count == 2)
        #expect(store.bufferEntries == [runningMean])
        #expect(store.stateDict().keys.sorted() == ["bn.running_mean", "bn.weight"])
        #expect(store.stateDict()["bn.running_mean"] == Tensor(shape: [2], scalars: [0.5, -0.5]))
        store.setBufferValue(runningMean, Tensor(shape: [2], scalars: [1, 2]))
        #expect(store.bufferValue(runningMean).scalars == [1, 2])
        #expect(store.value(weight).scalars == [1, 1])
    }

    @Test func subModelStateDictLoadsIntoTheModelBuiltAlone() {
        var rng = RandomGenerator(seed: 3)
        let store = ParameterStore()
        let model = TwoPart(scope: store.scope("vae"), rng: &rng)
        let decoderDict = store.stateDict(prefix: "vae.decoder")
        #expect(decoderDict.keys.sorted() == ["bias", "weight"])

        let alone = ParameterStore()
        let decoder = Linear(inputSize: 2, outputSize: 3, scope: alone.scope(), rng: &rng)
        for entry in alone.entries { alone.setValue(entry, decoderDict[entry.name]!) }
        let z = rng.normalTensor(shape: [4, 2])
        #expect(decoder.forward(z, training: false) == model.decoder.forward(z, training: false))
    }

    @Test func summaryRowsWalkTheTree() {
        var rng = RandomGenerator(seed: 4)
        let store = ParameterStore()
        let model = TwoPart(scope: store.scope(), rng: &rng)
        let rows = ModuleSummary.rows(of: model, input: [ModuleSummary.batch, 3])
        #expect(rows.map(\.path) == ["encoder.0", "encoder.1", "encoder.2", "decoder"])
        #expect(rows.enumerated().map { $0.element.label(index: $0.offset + 1) } == ["Linear-1", "Tanh-2", "Linear-3", "Linear-4 (decoder)"])
        #expect(rows.map(\.shapeText) == ["[-1, 4]", "[-1, 4]", "[-1, 2]", "[-1, 3]"])
        #expect(rows.map(\.parameters) == [16, 0, 10, 9])
    }

    @Test func sequentialChecksShapesAtConstruction() async {
        await #expect(processExitsWith: .failure) {
            var rng = RandomGenerator(seed: 5)
            let store = ParameterStore()
            _ = Sequential([
                Linear(inputSize: 3, outputSize: 4, scope: store.scope("0"), rng: &rng),
                Linear(inputSize: 5, outputSize: 1, scope: store.scope("1"), rng: &rng),
            ], inputShape: [ModuleSummary.batch, 3])
        }
    }

    /// One layer applied to two batches, each call on its own tape, before any backward:
    /// the gradients are those of the summed loss, checked numerically.
    @Test func oneLayerTwoCallsBeforeBackward() {
        var rng = RandomGenerator(seed: 6)
        let store = ParameterStore()
        let mlp = Sequential.multilayerPerceptron(sizes: [3, 5, 2], activation: .tanh, scope: store.scope("d"), rng: &rng)
        let a = TensorBox(rng.normalTensor(shape: [4, 3]))
        let b = TensorBox(rng.normalTensor(shape: [2, 3]))
        let (ra, rb) = (rng.normalTensor(shape: [4, 2]), rng.normalTensor(shape: [2, 2]))
        let (tapeA, tapeB) = (Tape(), Tape())
        _ = mlp.forward(a.value, training: true, tape: tapeA)
        _ = mlp.forward(b.value, training: true, tape: tapeB)
        store.zeroGradients()
        let dA = tapeA.backward(ra)
        let dB = tapeB.backward(rb)
        #expect(tapeA.count == 0 && tapeB.count == 0)
        let probes = Probe.parameters(of: store) + [Probe.tensor("a", a, analytic: dA), Probe.tensor("b", b, analytic: dB)]
        expectGradientsMatch(gradientCheck(probes: probes) {
            projectedLoss(mlp.forward(a.value, training: false), ra) + projectedLoss(mlp.forward(b.value, training: false), rb)
        })
    }

    @Test func linearOnRankThreeEqualsLinearOnTheFlattenedRows() {
        var rng = RandomGenerator(seed: 7)
        let store = ParameterStore()
        let layer = Linear(inputSize: 3, outputSize: 2, scope: store.scope("fc"), rng: &rng)
        let x = rng.normalTensor(shape: [4, 5, 3])
        #expect(layer.outputShape(for: [4, 5, 3]) == [4, 5, 2])
        #expect(layer.forward(x, training: false).scalars == layer.forward(x.reshaped([20, 3]), training: false).scalars)
        expectGradientsMatch(checkLayer(layer, store: store, input: x))
    }
}
