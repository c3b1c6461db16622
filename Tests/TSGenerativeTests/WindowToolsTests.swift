import Testing
import TSGenerative
import TSTensor

/// The window tools behind the CLI: windows, row scores, quantiles, the closeness report
/// and per-element likelihood terms, on cases with known answers.
@Suite struct WindowToolsTests {
    @Test func windowsAreStandardisedAndOverlapping() {
        let w = SlidingWindows.windows([1, 3, 5, 7], length: 3, offset: 1, scale: 2)
        #expect(w.shape == [2, 3] && w.scalars == [0, 1, 2, 1, 2, 3])
        #expect(SlidingWindows.windows([1, 2], length: 3).shape == [0, 3])
    }

    @Test func aRowScoresItsSmallestErrorOverTheWindowsCoveringIt() {
        // Windows of 3 over 5 rows; a spike at row 2 errs 9 in every window holding it, and
        // the windows also err a little on the rows beside the spike.
        let errors = Tensor(shape: [3, 3], scalars: [0.1, 0.5, 9, 0.5, 9, 0.5, 9, 0.5, 0.1])
        #expect(SlidingWindows.rowScores(elementScores: errors) == [0.1, 0.5, 9, 0.5, 0.1].map { Double(Float($0)) })
    }

    @Test func quantilesInterpolateLinearly() {
        #expect(SlidingWindows.quantile([4, 1, 3, 2], 0.5) == 2.5)
        #expect(SlidingWindows.quantile([4, 1, 3, 2], 1) == 4 && SlidingWindows.quantile([5], 0.99) == 5)
    }

    @Test func comparisonOfASetWithItselfIsZeroAndAShiftShowsInMeanAndWasserstein() {
        var rng = RandomGenerator(seed: 1)
        let real = rng.normalTensor(shape: [400, 6])
        let same = WindowComparison(real: real, synthetic: real, lags: 3)
        #expect(same.meanError == 0 && same.stdError == 0 && same.acfError == 0 && same.wasserstein1 == 0)
        let shifted = WindowComparison(real: real, synthetic: real + Tensor(shape: real.shape, repeating: 0.5), lags: 3)
        #expect(abs(shifted.meanError - 0.5) < 1e-5 && abs(shifted.wasserstein1 - 0.5) < 1e-5)
        #expect(shifted.stdError < 1e-5 && shifted.acfError < 1e-6)
        // A random walk inside each window has lag-1 autocorrelation near 1; white noise near 0.
        let walks = Tensor(shape: [400, 6], scalars: (0..<400).flatMap { _ in
            var x: Float = 0
            return (0..<6).map { _ in x += rng.normal(); return x }
        })
        let comparison = WindowComparison(real: walks, synthetic: real, lags: 1)
        #expect(comparison.acfReal[0] > 0.5 && abs(comparison.acfSynthetic[0]) < 0.1)
    }

    @Test(arguments: Likelihood.allCases)
    func elementTermsSumToTheNegativeLogLikelihood(likelihood: Likelihood) {
        var rng = RandomGenerator(seed: 2)
        let x = likelihood == .gaussian ? rng.normalTensor(shape: [4, 3]) : rng.uniformTensor(shape: [4, 3])
        let output = rng.normalTensor(shape: [4, likelihood.outputSize(features: 3)])
        let total = likelihood.elementTerms(output: output, x: x).scalars.reduce(0.0) { $0 + Double($1) } / 4
        let loss = Double(likelihood.negativeLogLikelihood(output: output, x: x).value)
        #expect(abs(total - loss) <= 1e-5 * max(abs(loss), 1), "Σ terms / B = \(total), loss \(loss)")
    }

    /// The per-row negative ELBO at `z = μ` (the anomaly score) averages to the training
    /// objective evaluated with `ε = 0` at `β = 1`, for a VAE and a CVAE.
    @Test(arguments: [0, 2])
    func perRowNegativeELBOAveragesToTheObjectiveAtZeroNoise(conditionSize: Int) {
        var rng = RandomGenerator(seed: 3)
        let vae = VariationalAutoencoder(inputSize: 4, hidden: [5], latentSize: 2, conditionSize: conditionSize, rng: &rng)
        let x = rng.normalTensor(shape: [6, 4])
        let condition = conditionSize == 0 ? nil : rng.normalTensor(shape: [6, conditionSize])
        let rows = vae.negativeELBO(x, condition: condition)
        let objective = vae.evaluate(x, condition: condition, noise: Tensor(shape: [6, 2]), backward: false)
        let mean = rows.reduce(0, +) / 6
        #expect(abs(mean - (objective.reconstruction + objective.kl)) <= 1e-5 * max(abs(mean), 1), "rows \(mean), objective \(objective)")
    }
}
