import Testing
import TSNN
import TSTensor

/// A set of scalars a gradient check perturbs: parameters in a store, an input tensor,
/// an initial state. `analytic` holds the gradient computed by back-propagation.
public struct Probe {
    public let name: String
    public let analytic: [Float]
    public let get: (Int) -> Float
    public let set: (Int, Float) -> Void

    public init(name: String, analytic: [Float], get: @escaping (Int) -> Float, set: @escaping (Int, Float) -> Void) {
        self.name = name
        self.analytic = analytic
        self.get = get
        self.set = set
    }

    /// One probe per parameter entry of `store`, using the gradients currently in it.
    public static func parameters(of store: ParameterStore) -> [Probe] {
        store.entries.map { entry in
            Probe(
                name: entry.name, analytic: Array(store.gradients[entry.range]),
                get: { store.values[entry.offset + $0] },
                set: { store.values[entry.offset + $0] = $1 })
        }
    }

    /// A probe over a tensor held in a box the loss closure reads.
    public static func tensor(_ name: String, _ box: TensorBox, analytic: Tensor) -> Probe {
        precondition(analytic.shape == box.value.shape, "Probe.tensor: gradient \(analytic.shape) vs value \(box.value.shape)")
        return Probe(
            name: name, analytic: analytic.scalars,
            get: { box.value.scalars[$0] }, set: { box.value.scalars[$0] = $1 })
    }
}

/// A mutable reference to a tensor, so a loss closure sees perturbations of it.
public final class TensorBox {
    public var value: Tensor
    public init(_ value: Tensor) { self.value = value }
}

/// The worst disagreement between back-propagated and numerical gradients of one probe.
public struct GradientCheckReport: CustomStringConvertible {
    public let name: String
    public let index: Int
    public let analytic: Float
    public let numerical: Double
    /// `|a − n| / max(|a| + |n|, floor)`.
    public let relativeError: Double
    public var description: String {
        "\(name)[\(index)]: analytic \(analytic), numerical \(numerical), relative error \(relativeError)"
    }
}

/// Centered-difference gradient check: for every scalar θ of every probe,
/// `n = (L(θ+ε) − L(θ−ε)) / 2ε` is compared with the analytic gradient.
///
/// The model runs in Float32, so `loss` should accumulate in Double; with `ε = 1e-2`
/// the truncation error is `O(ε²)` and rounding noise is about `1e-7·|L|/ε`.
/// Returns the worst report per probe.
public func gradientCheck(probes: [Probe], epsilon: Float = 1e-2, floor: Double = 1e-2, loss: () -> Double) -> [GradientCheckReport] {
    probes.map { probe in
        var worst = GradientCheckReport(name: probe.name, index: -1, analytic: 0, numerical: 0, relativeError: 0)
        for i in 0..<probe.analytic.count {
            let original = probe.get(i)
            probe.set(i, original + epsilon)
            let plus = loss()
            probe.set(i, original - epsilon)
            let minus = loss()
            probe.set(i, original)
            let numerical = (plus - minus) / (2 * Double(epsilon))
            let a = Double(probe.analytic[i])
            let rel = abs(a - numerical) / max(abs(a) + abs(numerical), floor)
            if rel > worst.relativeError || worst.index < 0 {
                worst = GradientCheckReport(name: probe.name, index: i, analytic: probe.analytic[i], numerical: numerical, relativeError: rel)
            }
        }
        return worst
    }
}

/// `Σ output·weights` in Double: the scalar loss whose gradient w.r.t. the output is `weights`.
public func projectedLoss(_ output: Tensor, _ weights: Tensor) -> Double {
    precondition(output.shape == weights.shape, "projectedLoss: \(output.shape) vs \(weights.shape)")
    var total = 0.0
    for i in 0..<output.count { total += Double(output.scalars[i]) * Double(weights.scalars[i]) }
    return total
}

/// Gradient check of a `Layer`: random `dOutput = R`, loss `Σ forward(x)·R`, every
/// parameter in `store` and every input element probed; the analytic gradients come from
/// the pullback the forward recorded on a tape. Returns the worst report per probe.
public func checkLayer(_ layer: any Layer, store: ParameterStore, input: Tensor, seed: UInt64 = 7) -> [GradientCheckReport] {
    var rng = RandomGenerator(seed: seed)
    let x = TensorBox(input)
    let tape = Tape()
    let forwardOnce = layer.forward(x.value, training: false, tape: tape)
    #expect(forwardOnce.shape == layer.outputShape(for: input.shape), "the output has the shape outputShape(for:) reports")
    let weights = rng.normalTensor(shape: forwardOnce.shape)
    store.zeroGradients()
    let dInput = tape.backward(weights)
    let probes = Probe.parameters(of: store) + [Probe.tensor("input", x, analytic: dInput)]
    return gradientCheck(probes: probes) { projectedLoss(layer.forward(x.value, training: false), weights) }
}
