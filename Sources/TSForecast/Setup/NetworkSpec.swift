/// The architecture of a forecasting network: everything needed to rebuild it before
/// its weights are loaded. Stored in model files.
public struct NetworkSpec: Codable, Sendable, Equatable {
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
    public var loss: LossKind

    public init(kind: ModelKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, dropout: Float = 0, outputSize: Int = 1, loss: LossKind = .mse) {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.dropout = dropout
        self.outputSize = outputSize
        self.loss = loss
    }
}
