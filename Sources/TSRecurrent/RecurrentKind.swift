/// The cell a `RecurrentNetwork` runs, with PyTorch's definitions and gate order.
///
/// Shapes per step: `x [B, F]`, `h [B, H]`; `W_ih [G·H, F]`, `W_hh [G·H, H]`,
/// `b_ih, b_hh [G·H]`, gate blocks stacked in the order listed.
///
/// - `rnnTanh` (G = 1): `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)` (`torch.nn.RNN`).
/// - `rnnReLU` (G = 1): `h' = relu(W_ih x + b_ih + W_hh h + b_hh)`
///   (`torch.nn.RNN(nonlinearity="relu")`).
/// - `lstm` (G = 4, gates i, f, g, o): `i = σ(·)`, `f = σ(·)`, `g = tanh(·)`, `o = σ(·)`
///   of `W_i* x + b_i* + W_h* h + b_h*`; `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`
///   (`torch.nn.LSTM`).
/// - `gru` (G = 3, gates r, z, n): `r = σ(W_ir x + b_ir + W_hr h + b_hr)`,
///   `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
///   `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h`
///   (`torch.nn.GRU`).
public enum RecurrentKind: String, Sendable, CaseIterable {
    /// Elman RNN with `tanh`, one gate block.
    case rnnTanh
    /// Elman RNN with `relu`, one gate block.
    case rnnReLU
    /// LSTM, gate blocks i, f, g, o.
    case lstm
    /// GRU, gate blocks r, z, n.
    case gru

    /// Gate blocks per weight matrix: 1 (RNN), 4 (LSTM), 3 (GRU).
    public var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnReLU: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// Whether the cell carries a cell state `c` besides `h` (LSTM only).
    public var hasCellState: Bool { self == .lstm }
}
