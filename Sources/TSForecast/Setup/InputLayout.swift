import TSData
import TSTensor

/// How a model reads a recording to predict row `k`.
///
/// - `sequence`: a recurrent network runs over rows `k−C+1 … k` (`C = context`), step
///   features `[y(r−1), u_j(r−nk_j)…]` from `spec`; the prediction of `y(k … k+O−1)`
///   (`O = spec.horizon`) is the output of the last step. Input `[C, B, F]`.
/// - `regressor`: a feed-forward network reads the NARX regressor `x(k)` of `spec` and
///   predicts `y(k … k+O−1)`. Input `[B, F]`.
/// - `encoderDecoder`: the `sequence` input followed by `O = spec.horizon` decoder steps,
///   the decoder features (`SequenceSpec.decoderFeatures`) of rows `k … k+O−1`; the
///   network (`EncoderDecoder`) predicts `y(k … k+O−1)` as one output step. Input
///   `[C + O, B, F]`.
public enum InputLayout: Codable, Sendable, Equatable {
    /// A recurrent network over `context` steps of `spec`'s features.
    case sequence(SequenceSpec, context: Int)
    /// An encoder over `context` steps of `spec`'s features, a decoder over the next
    /// `spec.horizon` rows' known features.
    case encoderDecoder(SequenceSpec, context: Int)
    /// A feed-forward network over one NARX regressor.
    case regressor(NARXSpec)

    /// The layout a setup asks for, with `inputCount` exogenous inputs (the model
    /// family's, `ForecastArchitecture.layout`). A `calendar` of `auto` must be resolved
    /// first (`CalendarSelection.resolved(time:file:)`; the pipelines do it).
    public init(setup: ForecastSetup, inputCount: Int) {
        self = setup.model.architecture.layout(for: setup, inputCount: inputCount)
    }

    /// Features per network input row (`F`).
    public var featureCount: Int {
        switch self {
        case .sequence(let spec, _), .encoderDecoder(let spec, _): spec.featureCount
        case .regressor(let spec): spec.featureCount
        }
    }

    /// Values predicted per request (`O`).
    public var outputCount: Int {
        switch self {
        case .sequence(let spec, _), .encoderDecoder(let spec, _): spec.horizon
        case .regressor(let spec): spec.horizon
        }
    }

    /// The seasonal lags and calendar features the layout reads, if any.
    public var seasonal: SeasonalInputs? {
        switch self {
        case .sequence(let spec, _), .encoderDecoder(let spec, _): spec.seasonal
        case .regressor(let spec): spec.seasonal
        }
    }

    /// Rows a prediction of row `k` reads before `k` (`k − history` must be in the segment).
    public var history: Int {
        switch self {
        case .sequence(let spec, let context), .encoderDecoder(let spec, let context): context - 1 + spec.history
        case .regressor(let spec): spec.history
        }
    }

    /// The network input predicting row `rows[b]` of `recordings[b]`:
    /// `[C, B, F]` (sequence), `[C + O, B, F]` (encoder-decoder) or `[B, F]` (regressor).
    public func inputs(_ requests: [(recording: Recording, row: Int)]) -> Tensor {
        let b = requests.count, f = featureCount
        switch self {
        case .sequence(let spec, let context):
            var x = Tensor(shape: [context, b, f])
            x.withUnsafeMutableBufferPointer { p in
                for (n, request) in requests.enumerated() {
                    for t in 0..<context {
                        spec.features(of: request.recording, at: request.row - context + 1 + t, into: p.baseAddress! + (t * b + n) * f)
                    }
                }
            }
            return x
        case .encoderDecoder(let spec, let context):
            let encoder = InputLayout.sequence(spec, context: context).inputs(requests)
            var x = Tensor(shape: [context + spec.horizon, b, f])
            x.scalars.replaceSubrange(0..<encoder.count, with: encoder.scalars)
            spec.writeDecoderSteps(&x, context: context, origins: requests)
            return x
        case .regressor(let spec):
            var x = Tensor(shape: [b, f])
            x.withUnsafeMutableBufferPointer { p in
                for (n, request) in requests.enumerated() { spec.regressor(of: request.recording, at: request.row, into: p.baseAddress! + n * f) }
            }
            return x
        }
    }

    /// The network outputs `[B][W]` for a batch of requests: the last step of a sequence
    /// output `[T, B, W]`, or the rows of a regressor output `[B, W]`, where `W` is the
    /// output's last axis (`O`, or `O·Q` for quantile models: `NetworkSpec.headSize`).
    public func predictions(_ output: Tensor) -> [[Float]] {
        let w = output.shape[output.rank - 1]
        switch self {
        case .sequence, .encoderDecoder:
            let (steps, b) = (output.shape[0], output.shape[1])
            return (0..<b).map { n in Array(output.scalars[((steps - 1) * b + n) * w..<((steps - 1) * b + n + 1) * w]) }
        case .regressor:
            return (0..<output.shape[0]).map { Array(output.scalars[($0 * w)..<(($0 + 1) * w)]) }
        }
    }
}
