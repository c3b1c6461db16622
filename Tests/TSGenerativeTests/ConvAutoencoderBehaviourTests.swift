import Foundation
import Testing
import TSGenerative
import TSNN
import TSTensor
import TSTraining

/// What the 1-D convolutional autoencoder learns on a periodic series, with thresholds set
/// from measured runs (stated beside each bound).
@Suite struct ConvAutoencoderBehaviourTests {
    /// `sin(2πt/16) + ½·sin(2πt/8 + 1) + 0.05·ε` over 1,000 rows, standardised; windows of
    /// 32 (stride 1): those of rows 0..<600 train, those of rows 700..<1000 are held out.
    static func windows(rng: inout RandomGenerator) -> (train: Tensor, test: Tensor) {
        let values = (0..<1000).map { (t: Int) -> Double in
            let phase = 2 * Double.pi * Double(t) / 16
            return sin(phase) + 0.5 * sin(2 * phase + 1) + 0.05 * Double(rng.normal())
        }
        let train = SlidingWindows.windows(Array(values[..<600]), length: 32, scale: 0.79)
        let test = SlidingWindows.windows(Array(values[700...]), length: 32, scale: 0.79)
        return (train, test)
    }

    /// The mean squared error of predicting every `test` window by the mean training window.
    static func meanWindowError(train: Tensor, test: Tensor) -> Double {
        let width = train.shape[1]
        let mean = (0..<width).map { j in (0..<train.rows).reduce(0.0) { $0 + Double(train[$1, j]) } / Double(train.rows) }
        var total = 0.0
        for i in 0..<test.rows { for j in 0..<width { total += (Double(test[i, j]) - mean[j]) * (Double(test[i, j]) - mean[j]) } }
        return total / Double(test.count)
    }

    static func trained(corruption: Corruption?, train: Tensor, seed: UInt64) -> ConvAutoencoder {
        var rng = RandomGenerator(seed: seed)
        let ae = ConvAutoencoder(window: 32, filters: [8, 16], latentSize: 4, corruption: corruption, rng: &rng)
        var config = TrainingConfig()
        (config.epochs, config.batchSize, config.learningRate, config.seed) = (30, 32, 1e-2, seed)
        (config.patience, config.plateauPatience, config.clipNorm) = (0, 0, 0)
        let outcome = Trainer(config: config).fit(ReconstructionTask(model: .autoencoder(ae), data: train, seed: seed))
        #expect(outcome.failure == nil)
        return ae
    }

    /// Filters [8, 16] (32 → 16 → 8 steps), kernel 5, a code of 4, 30 epochs of Adam.
    @Test func reconstructsHeldOutWindowsFarBetterThanTheMeanWindow() {
        var rng = RandomGenerator(seed: 11)
        let (train, test) = Self.windows(rng: &rng)
        let ae = Self.trained(corruption: nil, train: train, seed: 12)
        let (model, naive) = (ae.loss(test), Self.meanWindowError(train: train, test: test))
        // Measured (every kernel path): 0.00460 against the mean window's 0.996, a factor
        // 217; the noise alone is (0.05/0.79)² = 0.0040 in these units, so the model
        // reconstructs the signal down to about the noise floor.
        #expect(model < 0.02 * naive && model < 0.008, "held-out MSE: conv autoencoder \(model), mean window \(naive)")
    }

    /// Trained on windows with Gaussian input noise (σ = 0.5 in standardised units), it
    /// maps noisy held-out windows close to their clean versions.
    @Test func denoisingLowersTheErrorToTheCleanWindows() {
        var rng = RandomGenerator(seed: 13)
        let (train, test) = Self.windows(rng: &rng)
        let ae = Self.trained(corruption: .gaussian(std: 0.5), train: train, seed: 14)
        let noisy = Corruption.gaussian(std: 0.5).apply(to: test, rng: &rng)
        let before = Double(MSELoss().evaluate(prediction: noisy, target: test).value)
        let after = Double(MSELoss().evaluate(prediction: ae.reconstruct(noisy), target: test).value)
        // Measured (every kernel path): 0.256 → 0.0160, a factor 16.
        #expect(before / after > 8, "MSE to the clean windows: noisy \(before), denoised \(after)")
    }
}
