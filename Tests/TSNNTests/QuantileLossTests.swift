import Testing
import TestSupport
import TSNN
import TSTensor

/// `QuantileLoss`: hand-computed values, the gradient check, weighting and the layout
/// `[..., O·Q]` (output `o`'s quantile `j` at `o·Q + j`).
///
/// The pinball loss is piecewise linear with a kink where a prediction equals its target;
/// the gradient check's central differences step by up to `2ε = 0.02`, so every test
/// prediction is kept at least 0.1 from its target (`awayFromTheKink`), where the
/// differences of a linear piece are exact up to the loss's rounding.
@Suite struct QuantileLossTests {
    static let levels = [0.1, 0.5, 0.9]

    /// A prediction `[rows, O·Q]` drawn at random, each value moved to at least 0.1 from
    /// its target.
    static func awayFromTheKink(_ prediction: Tensor, target: Tensor, quantiles q: Int) -> Tensor {
        var p = prediction
        for i in 0..<p.count {
            let y = target.scalars[i / q]
            if abs(p.scalars[i] - y) < 0.1 { p.scalars[i] = y + (p.scalars[i] >= y ? 0.1 : -0.1) }
        }
        return p
    }

    func check(_ loss: QuantileLoss, prediction: Tensor, target: Tensor, weights: Tensor?) -> [GradientCheckReport] {
        let box = TensorBox(prediction)
        let analytic = loss.evaluate(prediction: prediction, target: target, weights: weights).dPrediction
        return gradientCheck(probes: [Probe.tensor("prediction", box, analytic: analytic)]) {
            Double(loss.evaluate(prediction: box.value, target: target, weights: weights).value)
        }
    }

    @Test(arguments: [nil, Tensor(shape: [4, 2], scalars: [1, 0, 0.5, 2, 0, 1, 1, 0])])
    func gradientMatchesFiniteDifferences(weights: Tensor?) {
        var rng = RandomGenerator(seed: 31)
        let target = rng.normalTensor(shape: [4, 2])
        let prediction = Self.awayFromTheKink(rng.normalTensor(shape: [4, 6]), target: target, quantiles: 3)
        expectGradientsMatch(check(QuantileLoss(levels: Self.levels), prediction: prediction, target: target, weights: weights))
    }

    /// Against a hand-written torch expression in float64 (`Fixtures/quantile_loss.json`,
    /// `python3 Utilities/Reference/quantile_loss_fixtures.py`; PyTorch has no pinball loss),
    /// every |y − q| ≥ 0.1. Depths as for the other losses (`LossFixtureDepth`: 30 elements).
    @Test func matchesTheTorchExpression() throws {
        let f = try loadFixture("quantile_loss")
        let result = QuantileLoss(levels: Self.levels).evaluate(prediction: f["pinball.prediction"], target: f["pinball.target"])
        expectMatchesReference(Tensor(shape: [1], scalars: [result.value]), f["pinball.loss"], depth: LossFixtureDepth.loss, "loss")
        expectMatchesReference(result.dPrediction, f["pinball.grad.prediction"], depth: LossFixtureDepth.gradient, "dPrediction")
    }

    /// Two levels, one target: `ρ_0.1(1 − 0) = 0.1`, `ρ_0.9(1 − 2) = 0.1`, mean 0.1;
    /// `∂L/∂ŷ = [−0.1, 1 − 0.9] / 2`. Output 1's quantiles follow output 0's.
    @Test func handComputedValueAndGradient() {
        let loss = QuantileLoss(levels: [0.1, 0.9])
        let one = loss.evaluate(prediction: Tensor(shape: [1, 2], scalars: [0, 2]), target: Tensor(shape: [1, 1], scalars: [1]))
        #expect(abs(one.value - 0.1) < 1e-7)
        #expect(abs(one.dPrediction.scalars[0] + 0.05) < 1e-7 && abs(one.dPrediction.scalars[1] - 0.05) < 1e-7)
        // Two outputs [y₀, y₁] = [1, 10], quantiles [0, 2 | 9, 13]:
        // ρ_0.1(1) = 0.1, ρ_0.9(−1) = 0.1, ρ_0.1(1) = 0.1, ρ_0.9(−3) = 0.3; mean 0.6 / 4 = 0.15.
        let two = loss.evaluate(prediction: Tensor(shape: [1, 4], scalars: [0, 2, 9, 13]), target: Tensor(shape: [1, 2], scalars: [1, 10]))
        #expect(abs(two.value - 0.15) < 1e-7)
        #expect(two.dPrediction.scalars.map { ($0 * 4 * 1000).rounded() / 1000 } == [-0.1, 0.1, -0.1, 0.1])
    }

    /// The pinball loss of a level is minimised in expectation by that quantile: over a
    /// grid of candidate constants, the mean loss on the sample 1…100 is smallest at its
    /// 10th, 50th and 90th values (± 1).
    @Test func minimisedByTheEmpiricalQuantile() {
        let sample = (1...100).map(Double.init)
        for (tau, expected) in [(0.1, 10.0), (0.5, 50.0), (0.9, 90.0)] {
            let best = stride(from: 0.5, through: 100.5, by: 0.5).min { a, b in
                sample.reduce(0) { $0 + QuantileLoss.pinball(level: tau, actual: $1, quantile: a) }
                    < sample.reduce(0) { $0 + QuantileLoss.pinball(level: tau, actual: $1, quantile: b) }
            }!
            #expect(abs(best - expected) <= 1, "τ \(tau): minimum at \(best)")
        }
    }

    /// With 0/1 weights the loss averages over the included targets only, and the excluded
    /// targets' quantiles get zero gradients.
    @Test func weightsAverageOverIncludedTargets() {
        let loss = QuantileLoss(levels: Self.levels)
        let p = Tensor(shape: [2, 3], scalars: [0, 1, 2, 5, 6, 7])
        let y = Tensor(shape: [2, 1], scalars: [1.5, 3])
        let masked = loss.evaluate(prediction: p, target: y, weights: Tensor(shape: [2, 1], scalars: [0, 1]))
        let alone = loss.evaluate(prediction: Tensor(shape: [1, 3], scalars: [5, 6, 7]), target: Tensor(shape: [1, 1], scalars: [3]))
        #expect(abs(masked.value - alone.value) < 1e-6)
        #expect(Array(masked.dPrediction.scalars[0..<3]) == [0, 0, 0])
        #expect(Array(masked.dPrediction.scalars[3...]) == alone.dPrediction.scalars)
    }
}
