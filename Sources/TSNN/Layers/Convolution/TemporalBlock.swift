import TSTensor

extension ResidualBlock {
    /// The residual block of a temporal convolutional network (Bai, Kolter & Koltun 2018,
    /// without weight normalisation): `y = ReLU(main(x) + shortcut(x))`,
    /// `[B, C_in, T] → [B, C_out, T]`, with
    ///
    ///     main = Conv1d(C_in → C_out, k, dilation d, causal) → ReLU → [Dropout(p)]
    ///          → Conv1d(C_out → C_out, k, dilation d, causal) → ReLU → [Dropout(p)]
    ///
    /// (dropout layers only when `dropout > 0`) and `shortcut` the identity when
    /// `C_in = C_out`, else a 1×1 `Conv1d(C_in → C_out)` with bias. Causal padding
    /// (`d·(k − 1)` zeros before the sequence) keeps the length and makes output `t` read
    /// inputs `≤ t` only; the block widens the receptive field by `2·d·(k − 1)` steps.
    /// State-dict names under `scope`: `main.0.weight`, `main.0.bias`, `main.2.weight` (or
    /// `main.3.…` with dropout), `shortcut.0.weight`, `shortcut.0.bias`.
    public static func temporal(
        inChannels: Int, outChannels: Int, kernelSize: Int, dilation: Int, dropout: Float, scope: ParameterScope,
        rng: inout RandomGenerator
    ) -> ResidualBlock {
        let mainScope = scope.child("main")
        var layers: [any Layer] = []
        for input in [inChannels, outChannels] {
            layers.append(Convolution.conv1d(
                inChannels: input, outChannels: outChannels, kernelSize: kernelSize, padding: .causal, dilation: dilation,
                scope: mainScope.child(layers.count), rng: &rng))
            layers.append(Activation(.relu))
            if dropout > 0 { layers.append(Dropout(probability: dropout, rng: RandomGenerator(seed: rng.next()))) }
        }
        let shortcut = inChannels == outChannels ? nil : Sequential([
            Convolution.conv1d(inChannels: inChannels, outChannels: outChannels, kernelSize: 1, scope: scope.child("shortcut").child(0), rng: &rng)
        ])
        return ResidualBlock(main: Sequential(layers), shortcut: shortcut)
    }
}
