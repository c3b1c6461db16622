import Testing
import TestSupport
import TSNN
import TSTensor

/// Loss values and gradients: gradient checks, weighting, and PyTorch parity
/// (fixtures from `python3 Utilities/Reference/nn_fixtures.py`).
@Suite struct LossTests {
    /// Gradient check of a regression loss w.r.t. the prediction and, if the loss has
    /// parameters, w.r.t. `store`.
    func checkRegressionLoss(_ loss: any RegressionLoss, store: ParameterStore, weights: Tensor?, seed: UInt64) -> [GradientCheckReport] {
        var rng = RandomGenerator(seed: seed)
        let prediction = TensorBox(rng.normalTensor(shape: [5, 2]))
        let target = rng.normalTensor(shape: [5, 2])
        store.zeroGradients()
        let result = loss.evaluate(prediction: prediction.value, target: target, weights: weights)
        let probes = Probe.parameters(of: store) + [Probe.tensor("prediction", prediction, analytic: result.dPrediction)]
        return gradientCheck(probes: probes) {
            Double(loss.evaluate(prediction: prediction.value, target: target, weights: weights).value)
        }
    }

    static let mask = Tensor(shape: [5, 2], scalars: [0, 0, 0, 1, 1, 1, 1, 0, 1, 1])

    @Test(arguments: [nil, mask])
    func mseGradient(weights: Tensor?) {
        expectGradientsMatch(checkRegressionLoss(MSELoss(), store: ParameterStore(), weights: weights, seed: 1))
    }

    @Test(arguments: [nil, mask])
    func gaussianNLLGradient(weights: Tensor?) {
        let store = ParameterStore()
        let loss = GaussianNLLLoss(outputSize: 2, scope: store.scope("noise"), initialLogVariance: -0.3)
        let reports = checkRegressionLoss(loss, store: store, weights: weights, seed: 2)
        #expect(reports.map(\.name) == ["noise.log_variance", "prediction"])
        expectGradientsMatch(reports)
    }

    @Test func mseMatchesPyTorchMeanAndMaskedMeanOverIncludedElements() {
        let p = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let y = Tensor(shape: [2, 2], scalars: [0, 0, 1, 5])
        let full = MSELoss().evaluate(prediction: p, target: y)
        #expect(full.value == 2.5)
        #expect(full.dPrediction.scalars == [0.5, 1, 1, -0.5])
        let mask = Tensor(shape: [2, 2], scalars: [0, 1, 1, 0])
        let masked = MSELoss().evaluate(prediction: p, target: y, weights: mask)
        #expect(masked.value == 4)
        #expect(masked.dPrediction.scalars == [0, 2, 2, 0])
        let none = MSELoss().evaluate(prediction: p, target: y, weights: Tensor(shape: [2, 2]))
        #expect(none.value == 0 && none.dPrediction.scalars.allSatisfy { $0 == 0 })
    }

    @Test func gaussianNLLMatchesPyTorch() throws {
        let f = try loadFixture("losses")
        let store = ParameterStore()
        let loss = GaussianNLLLoss(outputSize: 2, scope: store.scope("noise"))
        store.setValue(loss.logVariance, f["gaussian.log_variance"])
        let result = loss.evaluate(prediction: f["gaussian.prediction"], target: f["gaussian.target"])
        expectClose(Tensor(shape: [1], scalars: [result.value]), f["gaussian.loss"], "loss")
        expectClose(result.dPrediction, f["gaussian.grad.prediction"], "dPrediction")
        expectClose(store.gradient(loss.logVariance), f["gaussian.grad.log_variance"], "dLogVariance")
    }

    @Test func gaussianNLLFullAddsHalfLogTwoPi() {
        let p = Tensor(shape: [3, 1], scalars: [0.5, -1, 2])
        let y = Tensor(shape: [3, 1], scalars: [0, 0, 1])
        let plain = GaussianNLLLoss(outputSize: 1, scope: ParameterStore().scope("noise")).evaluate(prediction: p, target: y)
        let full = GaussianNLLLoss(outputSize: 1, scope: ParameterStore().scope("noise"), full: true).evaluate(prediction: p, target: y)
        #expect(abs(full.value - plain.value - 0.9189385) < 1e-6)
        #expect(abs(plain.value - 0.5 * (0.25 + 1 + 1) / 3) < 1e-6)
    }

    @Test func softmaxCrossEntropyMatchesPyTorch() throws {
        let f = try loadFixture("losses")
        let labels = f["ce.labels"].scalars.map { Int($0) }
        let result = SoftmaxCrossEntropyLoss().evaluate(prediction: f["ce.logits"], target: labels)
        #expect(result.value.isFinite)
        expectClose(Tensor(shape: [1], scalars: [result.value]), f["ce.loss"], "loss")
        expectClose(result.dPrediction, f["ce.grad.logits"], "dLogits")
    }

    @Test func softmaxCrossEntropyGradient() {
        var rng = RandomGenerator(seed: 3)
        let logits = TensorBox(rng.normalTensor(shape: [4, 3], std: 2))
        let labels = [2, 0, 1, 1]
        let loss = SoftmaxCrossEntropyLoss()
        let analytic = loss.evaluate(prediction: logits.value, target: labels).dPrediction
        expectGradientsMatch(gradientCheck(probes: [Probe.tensor("logits", logits, analytic: analytic)]) {
            Double(loss.evaluate(prediction: logits.value, target: labels).value)
        })
    }
}
