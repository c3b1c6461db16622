import TSNN
import TSTensor

/// The smallest `|z|` over the inputs `z` of a residual block's ReLUs (inside `main` and
/// the one after the sum) for the input `x`: a gradient check with step `ε` well below it
/// never crosses a kink, so its finite differences are smooth.
public func reluMargin(_ block: ResidualBlock, _ x: Tensor, training: Bool) -> Float {
    var margin = Float.infinity
    var z = x
    for layer in block.main.layers {
        if (layer as? Activation)?.kind == .relu { margin = min(margin, z.scalars.map(abs).min() ?? .infinity) }
        z = layer.forward(z, training: training)
    }
    let sum = z + (block.shortcut?.forward(x, training: training) ?? x)
    return min(margin, sum.scalars.map(abs).min() ?? .infinity)
}
