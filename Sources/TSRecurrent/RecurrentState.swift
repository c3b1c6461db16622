import TSTensor

/// The recurrent state of every layer and direction, in PyTorch's layout.
///
/// `h` is `[L·D, B, H]` (`h_0`/`h_n` of `torch.nn.RNN/GRU/LSTM`); `c` is the LSTM cell
/// state of the same shape and `nil` for RNN and GRU. Slice `k = l·D + d` belongs to layer
/// `l`, direction `d` (0 forward, 1 reverse).
public struct RecurrentState: Equatable, Sendable {
    /// Hidden state `[L·D, B, H]`.
    public var h: Tensor
    /// LSTM cell state `[L·D, B, H]`, `nil` for cells without one.
    public var c: Tensor?

    /// A state from its tensors.
    public init(h: Tensor, c: Tensor? = nil) {
        self.h = h
        self.c = c
    }

    /// The all-zero state of `kind` for `slices = L·D`, batch `B` and hidden size `H`.
    public static func zeros(kind: RecurrentKind, slices: Int, batch: Int, hiddenSize: Int) -> RecurrentState {
        let zero = Tensor(shape: [slices, batch, hiddenSize])
        return RecurrentState(h: zero, c: kind.hasCellState ? zero : nil)
    }
}
