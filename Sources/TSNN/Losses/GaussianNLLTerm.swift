import TSSupport

/// The Gaussian negative log-likelihood of one element, the formula both Gaussian losses
/// share. With error `e = ŷ − y` and log-variance `s = log σ²`:
///
/// `ℓ = ½ (s + e² e^{−s}) [+ ½ log 2π]`,  `∂ℓ/∂ŷ = e e^{−s}`,  `∂ℓ/∂s = ½ (1 − e² e^{−s})`.
///
/// PyTorch's `F.gaussian_nll_loss(ŷ, y, var=e^s)` per element (its `eps` clamp only
/// matters for `σ² < 1e-6`). `precision` is `e^{−s}`, computed once per variance by callers
/// that share one; in Double throughout.
@inline(__always)
func gaussianNLLTerm(error e: Double, logVariance s: Double, precision: Double, constant: Double)
    -> (loss: Double, dMean: Double, dLogVariance: Double)
{
    let scaledSquare = e * e * precision
    return (0.5 * (s + scaledSquare) + constant, e * precision, 0.5 * (1 - scaledSquare))
}

/// `½ log 2π` when `full`, else 0: the constant PyTorch's `full=True` adds to every element.
func gaussianNLLConstant(full: Bool) -> Double {
    full ? 0.5 * log(2 * Double.pi) : 0
}
