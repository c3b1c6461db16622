import Testing
import TestSupport
import TSNN
import TSTensor

/// The losses added with the `Loss` protocol: gradient checks and PyTorch parity on
/// `Fixtures/loss_family.json` (`python3 Utilities/Reference/loss_family_fixtures.py`).
///
/// Tolerances: each loss is evaluated in Double from Float32 inputs and rounded to Float32
/// once, so value and gradients agree with PyTorch's float64 to a few Float32 ulps
/// (relative 1e-6); 1e-5 with a 1e-6 floor (gradients of size 1/N ≈ 0.03) leaves a
/// margin of ten. The gradient checks use `gradientCheck`'s error model (measured loss
/// noise, Richardson truncation estimate) with its 1 % resolution requirement.
@Suite struct LossFamilyTests {
    /// Gradient check of `evaluate` w.r.t. the prediction.
    func check<L: Loss>(_ loss: L, prediction: Tensor, target: L.Target) -> [GradientCheckReport] {
        let box = TensorBox(prediction)
        let analytic = loss.evaluate(prediction: prediction, target: target).dPrediction
        return gradientCheck(probes: [Probe.tensor("prediction", box, analytic: analytic)]) {
            Double(loss.evaluate(prediction: box.value, target: target).value)
        }
    }

    @Test func bceWithLogitsGradient() {
        var rng = RandomGenerator(seed: 21)
        let target = rng.uniformTensor(shape: [4, 3])
        expectGradientsMatch(check(BCEWithLogitsLoss(), prediction: rng.normalTensor(shape: [4, 3], std: 2), target: target))
    }

    @Test func bceWithLogitsMatchesPyTorch() throws {
        let f = try loadFixture("loss_family")
        let result = BCEWithLogitsLoss().evaluate(prediction: f["bce.logits"], target: f["bce.target"])
        expectMatchesReference(Tensor(shape: [1], scalars: [result.value]), f["bce.loss"], depth: LossFixtureDepth.loss, "loss")
        expectMatchesReference(result.dPrediction, f["bce.grad.logits"], depth: LossFixtureDepth.gradient, "dLogits")
    }

    @Test func bceWithLogitsWeightsAverageOverIncludedElements() {
        let z = Tensor(shape: [3], scalars: [0, 2, -1])
        let y = Tensor(shape: [3], scalars: [1, 0, 1])
        let only = BCEWithLogitsLoss().evaluate(prediction: z, target: y, weights: Tensor(shape: [3], scalars: [0, 1, 0]))
        let alone = BCEWithLogitsLoss().evaluate(prediction: Tensor(shape: [1], scalars: [2]), target: Tensor(shape: [1], scalars: [0]))
        #expect(abs(only.value - alone.value) < 1e-6)
        #expect(only.dPrediction.scalars[0] == 0 && only.dPrediction.scalars[2] == 0)
        #expect(abs(only.dPrediction.scalars[1] - alone.dPrediction.scalars[0]) < 1e-6)
    }

    @Test func gaussianKLGradient() {
        var rng = RandomGenerator(seed: 22)
        expectGradientsMatch(check(GaussianKLLoss(), prediction: rng.normalTensor(shape: [3, 2, 6], std: 0.7), target: ()))
    }

    @Test func gaussianKLMatchesPyTorchAndVanishesAtThePrior() throws {
        let f = try loadFixture("loss_family")
        let result = GaussianKLLoss().evaluate(f["kl.prediction"])
        expectMatchesReference(Tensor(shape: [1], scalars: [result.value]), f["kl.loss"], depth: LossFixtureDepth.loss, "loss")
        expectMatchesReference(result.dPrediction, f["kl.grad.prediction"], depth: LossFixtureDepth.gradient, "dPrediction")
        let prior = GaussianKLLoss().evaluate(Tensor(shape: [4, 6]))  // μ = 0, log σ² = 0
        #expect(prior.value == 0 && prior.dPrediction.scalars.allSatisfy { $0 == 0 })
    }

    @Test func predictedGaussianNLLGradient() {
        var rng = RandomGenerator(seed: 23)
        let prediction = rng.normalTensor(shape: [5, 4], std: 0.7)
        let target = rng.normalTensor(shape: [5, 2])
        expectGradientsMatch(check(PredictedGaussianNLLLoss(), prediction: prediction, target: target))
        let mask = Tensor(shape: [5, 2], scalars: [1, 0, 1, 1, 0, 0, 1, 1, 0, 1])
        let box = TensorBox(prediction)
        let analytic = PredictedGaussianNLLLoss().evaluate(prediction: prediction, target: target, weights: mask).dPrediction
        expectGradientsMatch(gradientCheck(probes: [Probe.tensor("prediction", box, analytic: analytic)]) {
            Double(PredictedGaussianNLLLoss().evaluate(prediction: box.value, target: target, weights: mask).value)
        })
    }

    @Test func predictedGaussianNLLMatchesPyTorch() throws {
        let f = try loadFixture("loss_family")
        let result = PredictedGaussianNLLLoss().evaluate(prediction: f["nll.prediction"], target: f["nll.target"])
        expectMatchesReference(Tensor(shape: [1], scalars: [result.value]), f["nll.loss"], depth: LossFixtureDepth.loss, "loss")
        expectMatchesReference(result.dPrediction, f["nll.grad.prediction"], depth: LossFixtureDepth.gradient, "dPrediction")
    }

    /// A predicted log-variance equal to the learned one gives the learned loss's value
    /// and mean gradient: both go through `gaussianNLLTerm`.
    @Test func predictedAndLearnedVarianceAgree() {
        var rng = RandomGenerator(seed: 24)
        let mean = rng.normalTensor(shape: [6, 2])
        let target = rng.normalTensor(shape: [6, 2])
        let store = ParameterStore()
        let learned = GaussianNLLLoss(outputSize: 2, scope: store.scope("noise"), initialLogVariance: 0.4)
        let logVariance = Tensor(shape: [6, 2], repeating: 0.4)
        let predicted = PredictedGaussianNLLLoss().evaluate(
            prediction: Tensor.concatenate([mean, logVariance], along: 1), target: target)
        let reference = learned.evaluate(prediction: mean, target: target)
        #expect(abs(predicted.value - reference.value) < 1e-6)
        expectClose(predicted.dPrediction.split(along: 1, sizes: [2, 2])[0], reference.dPrediction, "dMean")
    }

    /// Every loss answers through the one protocol.
    @Test func everyLossConformsToLoss() {
        func value<L: Loss>(_ loss: L, _ prediction: Tensor, _ target: L.Target) -> Float {
            loss.evaluate(prediction: prediction, target: target).value
        }
        let p = Tensor(shape: [2, 2], scalars: [0.5, -0.5, 1, 0])
        #expect(value(MSELoss(), p, Tensor(shape: [2, 2])) == 0.375)
        #expect(value(SoftmaxCrossEntropyLoss(), p, [0, 1]) > 0)
        #expect(value(BCEWithLogitsLoss(), p, Tensor(shape: [2, 2], repeating: 0.5)) > 0)
        #expect(value(GaussianKLLoss(), p, ()) > 0)
        #expect(value(PredictedGaussianNLLLoss(), p, Tensor(shape: [2, 1])) != 0)
    }
}
