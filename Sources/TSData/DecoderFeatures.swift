import TSTensor

extension SequenceSpec {
    /// Writes the decoder step features of row `r` of `recording` to `x` (`F =
    /// featureCount` values): the step features `[y(r−1), u₁(r−nk₁), …]` with the target
    /// set to 0, since past the forecast origin it is unknown; all zeros when row `r` is
    /// past the recording's end (a decoder step is causal: step `h` never reads a later
    /// step's input, so the outputs of rows inside the recording do not depend on them).
    public func decoderFeatures(of recording: Recording, at r: Int, into x: UnsafeMutablePointer<Float>) {
        guard r < recording.count else { return x.update(repeating: 0, count: featureCount) }
        features(of: recording, at: r, into: x)
        x[0] = 0
    }
}

extension SequenceSpec {
    /// Writes the decoder steps of `x [C + H, B, F]` (`C = context`, `H = horizon`): step
    /// `C + h` of sample `b` holds the decoder features of row `origins[b].row + h`.
    public func writeDecoderSteps(_ x: inout Tensor, context: Int, origins: [(recording: Recording, row: Int)]) {
        let (b, f) = (origins.count, featureCount)
        precondition(x.shape == [context + horizon, b, f], "SequenceSpec.writeDecoderSteps: expected [\(context + horizon), \(b), \(f)], got \(x.shape)")
        x.withUnsafeMutableBufferPointer { p in
            for (n, origin) in origins.enumerated() {
                for h in 0..<horizon {
                    decoderFeatures(of: origin.recording, at: origin.row + h, into: p.baseAddress! + ((context + h) * b + n) * f)
                }
            }
        }
    }
}
