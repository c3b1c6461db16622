/// How a recurrent model with `horizon = H` produces its `H` values.
///
/// - `mimo`: a linear head on the last step's state emits all `H` at once (direct
///   multi-horizon, multiple-input multiple-output); with `H = 1`, the usual one-step model.
/// - `seq2seq`: an encoder-decoder (`EncoderDecoder`): the encoder runs over the context
///   window, a decoder of the same kind runs `H` steps from the encoder's final state on
///   the known future inputs of those rows (their step features with the unknown target
///   set to 0; no teacher forcing), and a linear head reads every decoder step.
public enum DecoderKind: String, Codable, CaseIterable, Sendable {
    /// A linear head emitting `H` values from the last state.
    case mimo
    /// An encoder-decoder over the known future inputs.
    case seq2seq
}
