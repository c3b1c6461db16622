import TSNN
import TSRecurrent
import TSTensor

/// A recurrent encoder-decoder (sequence to sequence) emitting `H` steps at once:
/// `x [C + H, B, F] → y [1, B, H·Q]`.
///
/// The encoder (a `RecurrentNetwork`, `torch.nn.LSTM|GRU|RNN(F, N, L)`) runs over the
/// first `C` steps from the zero state; the decoder, a network of the same kind and sizes,
/// runs over the last `H` steps (the known future inputs) from the encoder's final state
/// `(h_n, c_n)`; the head `Linear(N, Q)` reads every decoder step, and the `H` steps'
/// outputs are laid side by side: `y[0, b, h·Q + j] = head(d_h[b])[j]` (`QuantileLoss`'s
/// layout for `Q` levels, `Q = 1` otherwise). Parameters: `encoder.*`, `decoder.*`
/// (PyTorch's names) and `head.*` under the layer's scope.
///
/// Like `RecurrentLayer`, the networks keep the activations of their most recent forward,
/// so a pullback differentiates only the latest call (an earlier one traps).
final class EncoderDecoder: Layer {
    /// The encoder over the context steps.
    let encoder: RecurrentLayer
    /// The decoder over the `H` future steps.
    let decoder: RecurrentLayer
    /// The head applied at every decoder step.
    let head: Linear
    /// `H`, the decoder steps.
    let steps: Int
    private var calls = 0

    /// An encoder and a decoder of `kind` (`features` in, `hidden` units, `layers`
    /// layers, `dropout` between layers) and a head of `width` outputs per step, for
    /// `steps` decoder steps, registered under `scope` in that order.
    init(
        kind: RecurrentKind, features: Int, hidden: Int, layers: Int, dropout: Float, steps: Int, width: Int, scope: ParameterScope,
        rng: inout RandomGenerator
    ) {
        precondition(steps >= 1, "EncoderDecoder: needs at least one decoder step, got \(steps)")
        self.steps = steps
        encoder = RecurrentLayer(
            kind: kind, inputSize: features, hiddenSize: hidden, numLayers: layers, dropout: dropout, scope: scope.child("encoder"), rng: &rng)
        decoder = RecurrentLayer(
            kind: kind, inputSize: features, hiddenSize: hidden, numLayers: layers, dropout: dropout, scope: scope.child("decoder"), rng: &rng)
        head = Linear(inputSize: hidden, outputSize: width, scope: scope.child("head"), rng: &rng)
    }

    var children: [(name: String, module: any Module)] { [("encoder", encoder), ("decoder", decoder), ("head", head)] }

    /// The encoder's rows over the context, the decoder's and the head's over the `H`
    /// future steps; returns the side-by-side output shape.
    func summaryRows(input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]? {
        let prefix = path.isEmpty ? "" : path + "."
        _ = encoder.summaryRows(input: input, path: prefix + "encoder", into: &rows)
        let future = input.map { [steps] + $0.dropFirst() }
        let decoded = decoder.summaryRows(input: future, path: prefix + "decoder", into: &rows)
        _ = head.summaryRows(input: decoded, path: prefix + "head", into: &rows)
        return input.map { outputShape(for: $0) }
    }

    func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(
            inputShape.count == 3 && inputShape[2] == encoder.network.inputSize,
            "EncoderDecoder: expected [C + \(steps), B, \(encoder.network.inputSize)], got \(inputShape)")
        return [1, inputShape[1], steps * head.outputSize]
    }

    func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let shape = outputShape(for: input.shape)
        let (batch, features) = (input.shape[1], input.shape[2])
        let context = input.shape[0] - steps
        precondition(context >= 1, "EncoderDecoder: \(input.shape[0]) steps leave no context before \(steps) decoder steps")
        let split = context * batch * features
        let threads = tape?.threads ?? .single
        calls += 1
        let call = calls
        let encoded = encoder.network.forward(
            Tensor(shape: [context, batch, features], scalars: Array(input.scalars[..<split])), training: training, threads: threads)
        let decoded = decoder.network.forward(
            Tensor(shape: [steps, batch, features], scalars: Array(input.scalars[split...])), initialState: encoded.finalState,
            training: training, threads: threads)
        tape?.record { [self] dDecoded in
            precondition(call == calls, "EncoderDecoder: backward of call \(call) after call \(calls); the workspaces hold only the latest forward")
            let (dFuture, dState) = decoder.network.backward(dOutput: dDecoded)
            let dContext = encoder.network.backward(dOutput: Tensor(shape: encoded.output.shape), dFinalState: dState).dInput
            return Tensor(shape: input.shape, scalars: dContext.scalars + dFuture.scalars)
        }
        let perStep = head.forward(decoded.output, training: training, tape: tape)
        tape?.record { [self] dOutput in sideBySide(dOutput, shape: perStep.shape, inverse: true) }
        return sideBySide(perStep, shape: shape, inverse: false)
    }

    /// `[H, B, Q] → [1, B, H·Q]` (`inverse`: back), `out[0, b, h·Q + j] = in[h, b, j]`.
    private func sideBySide(_ values: Tensor, shape: [Int], inverse: Bool) -> Tensor {
        let (batch, width) = (values.shape[1], head.outputSize)
        var result = Tensor(shape: shape)
        values.withUnsafeBufferPointer { v in
            result.withUnsafeMutableBufferPointer { r in
                for h in 0..<steps {
                    for b in 0..<batch {
                        for j in 0..<width {
                            let stepMajor = (h * batch + b) * width + j, sampleMajor = (b * steps + h) * width + j
                            if inverse { r[stepMajor] = v[sampleMajor] } else { r[sampleMajor] = v[stepMajor] }
                        }
                    }
                }
            }
        }
        return result
    }
}
