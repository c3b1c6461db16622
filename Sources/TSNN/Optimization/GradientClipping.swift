/// Global gradient-norm clipping, PyTorch's `clip_grad_norm_(parameters, max_norm)`:
/// `n = ‖∇‖₂` over every gradient in `store`; when `n > maxNorm` every gradient is
/// multiplied by `maxNorm / (n + 1e-6)`. Returns `n` (before clipping).
@discardableResult
public func clipGradientNorm(_ store: ParameterStore, maxNorm: Float) -> Float {
    precondition(maxNorm > 0, "clipGradientNorm: maxNorm must be positive, got \(maxNorm)")
    return store.gradients.withUnsafeMutableBufferPointer { g in
        var sumSquares = 0.0
        for i in 0..<g.count { sumSquares += Double(g[i]) * Double(g[i]) }
        let norm = sumSquares.squareRoot()
        if norm > Double(maxNorm) {
            let scale = Float(Double(maxNorm) / (norm + 1e-6))
            for i in 0..<g.count { g[i] *= scale }
        }
        return Float(norm)
    }
}
