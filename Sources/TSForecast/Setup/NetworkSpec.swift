/// The architecture of a forecasting network: everything needed to rebuild it before
/// its weights are loaded. Stored in model files.
public struct NetworkSpec: Codable, Sendable, Equatable {
    /// The model family.
    public var kind: ModelKind
    /// Features per step (`F`): for recurrent models `1 + number of inputs`
    /// (`[y(k−1), u(k−nk)…]`), for feed-forward models the regressor length.
    public var inputSize: Int
    /// Hidden units per layer (`H`).
    public var hiddenSize: Int
    /// Recurrent layers, or hidden layers of the MLP.
    public var numLayers: Int
    /// Dropout probability between layers (training only).
    public var dropout: Float
    /// Values predicted per step (`O`, the direct horizon).
    public var outputSize: Int
    /// The training loss (it sets the head's width).
    public var loss: LossKind
    /// The quantile levels `τ₁ … τ_Q` of the `quantile` loss (`nil` for the others); the
    /// network then emits `headSize = O·Q` values, `Q` per predicted value.
    public var quantiles: [Double]?
    /// `cnn`: taps per convolution (`k`; `nil` = 3); `numLayers` is its block count.
    public var kernelSize: Int?
    /// `cnn`: series per step `S` (the target and each input; `nil` = 1), so
    /// `inputSize = S·L` for `L` lags.
    public var series: Int?
    /// Recurrent families: how the `O` values are emitted (`nil` = `mimo`, a head on the
    /// last state; `seq2seq`: `EncoderDecoder`).
    public var decoder: DecoderKind?

    /// A network of `kind` with these sizes (see the properties); `quantiles` with the
    /// `quantile` loss.
    public init(
        kind: ModelKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, dropout: Float = 0, outputSize: Int = 1, loss: LossKind = .mse,
        quantiles: [Double]? = nil
    ) {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.dropout = dropout
        self.outputSize = outputSize
        self.loss = loss
        self.quantiles = quantiles
    }
}

extension NetworkSpec {
    /// Network outputs per step: `O·Q` for the `quantile` loss (output `o`'s quantile `j` at
    /// `o·Q + j`, `QuantileLoss`'s layout), else `O`.
    public var headSize: Int { outputSize * (loss == .quantile ? quantiles?.count ?? 1 : 1) }

    /// Taps per convolution of a `cnn` (`kernelSize`, 3 when absent).
    var convolutionKernel: Int { kernelSize ?? 3 }

    /// The number of parameters of the network, `nil` past 2⁵³ (counted in Double, which
    /// is exact below that). With gates `g` (LSTM 4, GRU 3, RNN 1), `F`, `H`, `L` layers,
    /// `O` outputs:
    ///
    /// - recurrent: `g·H·(F + H + 2)` for layer 0, `g·H·(2H + 2)` for each further layer,
    ///   plus the head `O·(H + 1)`; an encoder-decoder has two such stacks (both over `F`
    ///   features) and a per-step head of `H + 1` (`Q·(H + 1)` with the quantile loss);
    /// - feed-forward: `Σ s_{i+1}·(s_i + 1)` over the sizes `[F, H × L, O]`;
    /// - cnn (`C = H` channels, `k` taps, `S` series, `n = L` blocks):
    ///   `C·(S·k + 1) + C·(C·k + 1)` for block 0, plus `C·(S + 1)` for its 1×1 shortcut
    ///   when `S ≠ C`, `2·C·(C·k + 1)` for each further block, plus the head `O·(C + 1)`;
    /// - plus `O` log-variances with the Gaussian loss;
    /// - with the quantile loss, `O·Q` in place of `O` in the head.
    var parameterCount: Int? {
        let (f, h, l, o) = (Double(inputSize), Double(hiddenSize), Double(numLayers), Double(headSize))
        var count: Double
        if kind == .cnn {
            let (s, k) = (Double(series ?? 1), Double(convolutionKernel))
            count = h * (s * k + 1) + h * (h * k + 1) + (s == h ? 0 : h * (s + 1)) + (l - 1) * 2 * h * (h * k + 1) + o * (h + 1)
        } else if kind.isRecurrent {
            let gates: Double = kind == .lstm ? 4 : kind == .gru ? 3 : 1
            let stacks: Double = decoder == .seq2seq ? 2 : 1
            let head = decoder == .seq2seq ? o / Double(outputSize) : o
            count = stacks * (gates * h * (f + h + 2) + (l - 1) * gates * h * (2 * h + 2)) + head * (h + 1)
        } else {
            count = h * (f + 1) + (l - 1) * h * (h + 1) + o * (h + 1)
        }
        if loss == .gaussian { count += o }
        return count <= 9_007_199_254_740_992 ? Int(count) : nil
    }

    /// Why no network of this spec holds exactly `elements` parameters (a model file's
    /// tensor elements), or `nil` when it does. Checked before the network is built, so a
    /// corrupted spec can neither trap (sizes below 1, dropout outside [0, 1)) nor make
    /// the loader allocate more than the file holds.
    func mismatch(parameters elements: Int) -> String? {
        let levels = quantiles ?? []
        if loss == .quantile, levels.isEmpty || !levels.allSatisfy({ $0 > 0 && $0 < 1 }) {
            return "a quantile network needs quantile levels in (0, 1), got \(quantiles.map { "\($0)" } ?? "none")"
        }
        guard inputSize >= 1, hiddenSize >= 1, numLayers >= 1, outputSize >= 1, dropout >= 0, dropout < 1 else {
            return "network sizes must be at least 1 and dropout in [0, 1), got inputSize \(inputSize), hiddenSize \(hiddenSize), numLayers \(numLayers), outputSize \(outputSize), dropout \(dropout)"
        }
        if kind == .cnn, convolutionKernel < 1 || (series ?? 1) < 1 || inputSize % (series ?? 1) != 0 {
            return "the cnn metadata needs kernelSize ≥ 1 and series ≥ 1 dividing inputSize \(inputSize), got kernelSize \(convolutionKernel), series \(series ?? 1)"
        }
        guard let count = parameterCount, count == elements else {
            return "the \(kind.rawValue) network of the metadata has \(parameterCount.map(String.init) ?? "more than 2^53") parameters, the file's tensors \(elements)"
        }
        return nil
    }
}
