/// How a convolution pads one spatial axis (zeros).
public enum ConvPadding: Sendable, Equatable {
    /// `p` zeros on each side (PyTorch's integer `padding`).
    case explicit(Int)
    /// No padding (PyTorch's `padding='valid'`, the same as `.explicit(0)`).
    case valid
    /// PyTorch's `padding='same'`, stride 1 only: `d·(k − 1)` zeros in total, `⌊total/2⌋`
    /// before and the rest after, so the output is as long as the input.
    case same
    /// `d·(k − 1)` zeros before and none after, so output `t` sees inputs `≤ t` only (a
    /// causal convolution for forecasting; stride 1 keeps the length).
    case causal
}

/// The options of one spatial axis of a convolution: stride, padding, dilation.
public struct ConvAxis: Sendable, Equatable {
    /// Steps between consecutive output positions (≥ 1).
    public var stride: Int
    /// Zeros added around the input along this axis.
    public var padding: ConvPadding
    /// Spacing between kernel taps (≥ 1; 1 = adjacent taps).
    public var dilation: Int

    /// The axis options; `stride` and `dilation` must be ≥ 1, explicit padding ≥ 0.
    public init(stride: Int = 1, padding: ConvPadding = .valid, dilation: Int = 1) {
        precondition(stride >= 1 && dilation >= 1, "ConvAxis: stride \(stride) and dilation \(dilation) must be ≥ 1")
        if case .explicit(let p) = padding { precondition(p >= 0, "ConvAxis: negative padding \(p)") }
        precondition(padding != .same || stride == 1, "ConvAxis: padding 'same' needs stride 1 (as PyTorch), got stride \(stride)")
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    /// The zeros `(before, after)` the axis adds for a kernel of `kernel` taps.
    public func padding(kernel: Int) -> (before: Int, after: Int) {
        let total = dilation * (kernel - 1)
        switch padding {
        case .explicit(let p): return (p, p)
        case .valid: return (0, 0)
        case .same: return (total / 2, total - total / 2)
        case .causal: return (total, 0)
        }
    }

    /// `⌊(n + before + after − d·(k − 1) − 1) / s⌋ + 1`, the output length for input
    /// length `n` and `kernel` taps; a precondition requires it to be at least 1.
    public func outputSize(inputSize n: Int, kernel: Int) -> Int {
        let (before, after) = padding(kernel: kernel)
        let span = n + before + after - dilation * (kernel - 1) - 1
        precondition(
            kernel >= 1 && span >= 0,
            "ConvAxis: kernel \(kernel) with dilation \(dilation) does not fit input length \(n) padded by (\(before), \(after))")
        return span / stride + 1
    }
}
