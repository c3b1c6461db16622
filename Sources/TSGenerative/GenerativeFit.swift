#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TSNN
import TSTensor
import TSTraining

/// A generative model of the windows of a series, with the spec that scales them: the
/// front door for fitting on arrays, then sampling, reconstructing, scoring anomalies and
/// embedding in original units.
///
/// Windows are `W = spec.inputSize` consecutive values; the model sees them standardised
/// as `(v − spec.offset) / spec.scale` and every array it returns is in original units
/// again (codes excepted: they are latent coordinates).
public struct GenerativeSeriesModel {
    /// The network.
    public let model: GenerativeModel
    /// Its family, sizes and data scaling.
    public let spec: GenerativeSpec

    /// A model and its spec (as `GenerativeModel.load(from:)` returns them).
    public init(model: GenerativeModel, spec: GenerativeSpec) {
        self.model = model
        self.spec = spec
    }

    /// Fits a `kind` model (`ae`, `vae`, `gan` or `wgan`) to every window of `window`
    /// values of `series` (stride 1), standardised by the series' mean and population
    /// standard deviation. `training` sets epochs, batch size, learning rate and seed (no
    /// validation part: the last epoch is kept); `progress` sees every epoch (return
    /// `false` to stop). Runs on the calling thread.
    ///
    /// - Throws: `SampleInputError`: a NaN or infinite value (`.notFinite` with row 0 and
    ///   the value's index as column), a series shorter than `window` (`.noSamples`), a
    ///   window below 2, empty or non-positive sizes, or `cvae` (it needs covariates).
    public static func fit(
        series: [Double], kind: GenerativeSpec.Kind, window: Int, hidden: [Int] = [32], latent: Int = 4,
        training: TrainingConfig = TrainingConfig(), progress: ((EpochRecord) -> Bool)? = nil
    ) throws(SampleInputError) -> (model: GenerativeSeriesModel, outcome: TrainingOutcome) {
        if let bad = series.firstIndex(where: { !$0.isFinite }) { throw .notFinite(row: 0, column: bad) }
        guard window >= 2 else { throw .invalidSetting("the window must be at least 2, got \(window)") }
        guard series.count >= window else { throw .noSamples }
        return try fit(windows: (0...(series.count - window)).map { Array(series[$0..<($0 + window)]) }, kind: kind, hidden: hidden, latent: latent, training: training, progress: progress)
    }

    /// Fits a `kind` model to `windows` (`[n][W]`, original units), standardised by the
    /// mean and population standard deviation of all their values (1 when constant).
    ///
    /// - Throws: `SampleInputError` as `fit(series:…)` does, and `.rowLength` for windows
    ///   of different lengths.
    public static func fit(
        windows: [[Double]], kind: GenerativeSpec.Kind, hidden: [Int] = [32], latent: Int = 4,
        training: TrainingConfig = TrainingConfig(), progress: ((EpochRecord) -> Bool)? = nil
    ) throws(SampleInputError) -> (model: GenerativeSeriesModel, outcome: TrainingOutcome) {
        let raw = try SampleRows.tensor(windows)
        guard kind != .cvae else { throw .invalidSetting("a cvae needs covariates; fit ae, vae, gan or wgan from arrays") }
        guard !hidden.isEmpty, hidden.allSatisfy({ $0 > 0 }), latent > 0 else {
            throw .invalidSetting("hidden widths and the latent size must be positive, got \(hidden) and \(latent)")
        }
        let count = Double(raw.scalars.count)
        let mean = raw.scalars.reduce(0) { $0 + Double($1) } / count
        let variance = raw.scalars.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        let spec = GenerativeSpec(
            kind: kind, inputSize: raw.shape[1], hidden: hidden, latentSize: latent, offset: mean,
            scale: variance > 0 ? variance.squareRoot() : 1)
        var rng = RandomGenerator(seed: training.seed)
        let model = GenerativeSeriesModel(model: GenerativeModel(spec: spec, rng: &rng), spec: spec)
        let outcome = model.model.fit(data: model.scaled(raw), config: training) { record in
            !Task.isCancelled && (progress?(record) ?? true)
        }
        return (model, outcome)
    }

    /// `count` new windows `[count][W]` drawn with `seed`: a VAE decodes prior draws and
    /// adds its decoder's noise, a GAN generates from standard normal noise.
    ///
    /// - Throws: `SampleInputError.invalidSetting` for an autoencoder (it has no prior)
    ///   or a CVAE (it needs covariates), or a `count` below 1.
    public func sample(count: Int, seed: UInt64) throws(SampleInputError) -> [[Double]] {
        guard count >= 1 else { throw .invalidSetting("count must be at least 1, got \(count)") }
        var rng = RandomGenerator(seed: seed)
        switch model {
        case .variational(let vae) where vae.conditionSize == 0:
            return unscaled(vae.sample(count: count, observationNoise: true, rng: &rng))
        case .adversarial(let gan): return unscaled(gan.generate(rng.normalTensor(shape: [count, spec.latentSize])))
        default: throw unavailable("sampling")
        }
    }

    /// Each window passed through the model: an autoencoder's reconstruction, a VAE's
    /// decoder mean at its posterior mean, `[n][W]`.
    ///
    /// - Throws: `SampleInputError` for windows of another length than `W`, a NaN or
    ///   infinite value, or a model without an encoder (GAN, CVAE).
    public func reconstruct(_ windows: [[Double]]) throws(SampleInputError) -> [[Double]] {
        let x = scaled(try SampleRows.tensor(windows, width: spec.inputSize))
        switch model {
        case .autoencoder(let ae): return unscaled(ae.reconstruct(x))
        case .variational(let vae) where vae.conditionSize == 0: return unscaled(vae.decode(vae.encode(x)))
        default: throw unavailable("reconstruction")
        }
    }

    /// Each window's latent code `[n][K]`: an autoencoder's code, a VAE's posterior mean.
    ///
    /// - Throws: `SampleInputError` as `reconstruct` does.
    public func embed(_ windows: [[Double]]) throws(SampleInputError) -> [[Double]] {
        let x = scaled(try SampleRows.tensor(windows, width: spec.inputSize))
        switch model {
        case .autoencoder(let ae): return SampleRows.arrays(ae.encode(x))
        case .variational(let vae) where vae.conditionSize == 0: return SampleRows.arrays(vae.encode(x))
        default: throw unavailable("embedding")
        }
    }

    /// One anomaly score per value of `series`: the smallest, over the windows covering
    /// it, of its reconstruction error in scaled units (autoencoder: squared error; VAE:
    /// `−log p(x|z = μ)`), as `SlidingWindows.rowScores` defines. High scores mark values
    /// no window reconstructs well; `SlidingWindows.quantile` of the scores of normal data
    /// gives a threshold.
    ///
    /// - Throws: `SampleInputError` for a NaN or infinite value, a series shorter than
    ///   `W` (`.noSamples`), or a model without an encoder.
    public func anomalyScores(_ series: [Double]) throws(SampleInputError) -> [Double] {
        if let bad = series.firstIndex(where: { !$0.isFinite }) { throw .notFinite(row: 0, column: bad) }
        guard series.count >= spec.inputSize else { throw .noSamples }
        let windows = SlidingWindows.windows(series, length: spec.inputSize, offset: spec.offset, scale: spec.scale)
        switch model {
        case .autoencoder(let ae): return SlidingWindows.rowScores(elementScores: ae.elementErrors(windows))
        case .variational(let vae) where vae.conditionSize == 0:
            return SlidingWindows.rowScores(elementScores: vae.elementNegativeLogLikelihood(windows))
        default: throw unavailable("anomaly scoring")
        }
    }

    /// Writes the model and its spec atomically to `path` (safetensors; see
    /// `GenerativeModel.save(to:spec:)`).
    public func save(to path: String) throws {
        try model.save(to: URL(fileURLWithPath: path, isDirectory: false), spec: spec)
    }

    /// The model in the file `path`.
    ///
    /// - Throws: `ModelFileError` naming the file.
    public static func load(from path: String) throws -> GenerativeSeriesModel {
        let (model, spec) = try GenerativeModel.load(from: URL(fileURLWithPath: path, isDirectory: false))
        return GenerativeSeriesModel(model: model, spec: spec)
    }

    /// `x [n, W]` in original units, standardised.
    private func scaled(_ x: Tensor) -> Tensor {
        Tensor(shape: x.shape, scalars: x.scalars.map { Float((Double($0) - spec.offset) / spec.scale) })
    }

    /// `x [n, W]` in scaled units, as arrays in original units.
    private func unscaled(_ x: Tensor) -> [[Double]] {
        SampleRows.arrays(x).map { row in row.map { $0 * spec.scale + spec.offset } }
    }

    /// The error for an operation this model's family does not have.
    private func unavailable(_ operation: String) -> SampleInputError {
        .invalidSetting("a \(spec.kind.rawValue) model has no \(operation)")
    }
}
