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

/// The verdict of a gradient check on one probe: its worst element, measured against the
/// error bound of the numerical derivative there.
public struct GradientCheckReport: CustomStringConvertible {
    public let name: String
    /// The element with the largest `error / bound`.
    public let index: Int
    public let analytic: Float
    public let numerical: Double
    /// `|analytic − numerical|` at `index`.
    public let error: Double
    /// What `error` may be at `index` without a wrong gradient (see `gradientCheck`).
    public let bound: Double
    /// The largest `bound` over the probe divided by the probe's gradient scale
    /// `max |analytic|`: the smallest relative gradient error this check can see.
    public let resolution: Double

    /// `error / bound` (≤ 1 passes).
    public var ratio: Double { bound > 0 ? error / bound : (error == 0 ? 0 : .infinity) }

    public var description: String {
        "\(name)[\(index)]: analytic \(analytic), numerical \(numerical), error \(error) of bound \(bound); resolution \(resolution)"
    }
}

/// Gradient check with an error model of the Float32 forward pass, so that a pass means
/// the gradient is right to within the stated resolution, not that noise happened to stay
/// below a threshold.
///
/// For every scalar `θ` of every probe, central differences at steps `ε` and `2ε`,
/// `n₁ = (L(θ+ε) − L(θ−ε)) / h₁` and `n₂` likewise (`h` is the difference of the Float32
/// values actually set, not `2ε`), are compared with the back-propagated gradient `a`:
///
///     |a − n₁| ≤ 2ρ/ε + ⅔·|n₁ − n₂| + 1e-4·scale
///
/// - `2ρ/ε` is the rounding noise of `n₁` (`ρ/ε`) and of the truncation estimate below
///   (`≤ ρ/ε`): `ρ` bounds the rounding error of one evaluation of `L`, measured (not
///   guessed) by `lossNoise` on this loss at this point.
/// - `⅔·|n₁ − n₂|` is twice the truncation error of `n₁`: with `n(ε) = L′ + cε² + O(ε⁴)`,
///   `|n₁ − n₂| / 3 = |c|ε²` (Richardson). Near a kink (ReLU) `n₁` and `n₂` disagree and the
///   bound grows, which the resolution requirement then rejects.
/// - `1e-4·scale` (`scale = max |a|` over the probe) is the Float32 error of the analytic
///   gradient itself: back-propagation is a chain of at most a few thousand roundings, whose
///   probabilistic bound `8·√n·u` stays below 3e-5 of the term scale (see
///   `expectMatchesReference`).
///
/// `expectGradientsMatch` then requires `error ≤ bound` everywhere and a resolution (the
/// largest bound over the scale) of 1 % or better, so a check too noisy to see a 1 % error
/// fails instead of passing by chance. `loss` should accumulate in Double. Returns the
/// worst element (largest `error / bound`) per probe.
public func gradientCheck(probes: [Probe], epsilon: Float = 1e-2, loss: () -> Double) -> [GradientCheckReport] {
    let rho = lossNoise(probes: probes, step: epsilon * 1e-3, loss: loss)
    return probes.map { probe in
        let scale = probe.analytic.reduce(0) { max($0, Double(abs($1))) }
        var worst = GradientCheckReport(name: probe.name, index: -1, analytic: 0, numerical: 0, error: 0, bound: 0, resolution: 0)
        var widest = 0.0
        for i in 0..<probe.analytic.count {
            let n1 = centralDifference(probe, i, step: epsilon, loss: loss)
            let n2 = centralDifference(probe, i, step: 2 * epsilon, loss: loss)
            let a = Double(probe.analytic[i])
            let bound = 2 * rho / Double(epsilon) + 2 * abs(n1 - n2) / 3 + 1e-4 * scale
            widest = max(widest, bound)
            let report = GradientCheckReport(
                name: probe.name, index: i, analytic: probe.analytic[i], numerical: n1, error: abs(a - n1), bound: bound,
                resolution: 0)
            if report.ratio > worst.ratio || worst.index < 0 { worst = report }
        }
        return GradientCheckReport(
            name: worst.name, index: worst.index, analytic: worst.analytic, numerical: worst.numerical, error: worst.error,
            bound: worst.bound, resolution: scale > 0 ? widest / scale : (widest == 0 ? 0 : .infinity))
    }
}

/// `(L(θ + step) − L(θ − step)) / h` for element `i` of `probe`, with `h` the difference of
/// the two Float32 values actually set; `θ` is restored.
func centralDifference(_ probe: Probe, _ i: Int, step: Float, loss: () -> Double) -> Double {
    let original = probe.get(i)
    probe.set(i, original + step)
    let (high, plus) = (probe.get(i), loss())
    probe.set(i, original - step)
    let (low, minus) = (probe.get(i), loss())
    probe.set(i, original)
    return (plus - minus) / (Double(high) - Double(low))
}

/// A bound on the rounding error `ρ` of one evaluation of `loss`, measured: for up to four
/// elements spread over the probes, `L` is evaluated at seven points `θ + j·step`
/// (`|j| ≤ 3`, `step` so small that `L` is linear there to far below Float32 precision), a
/// line is fitted, and four times the largest residual is returned (the residuals are the
/// rounding errors; the factor covers the tail that seven samples do not see).
func lossNoise(probes: [Probe], step: Float, loss: () -> Double) -> Double {
    let elements = probes.flatMap { probe in (0..<probe.analytic.count).map { (probe, $0) } }
    guard !elements.isEmpty else { return 0 }
    var largest = 0.0
    for pick in 0..<min(4, elements.count) {
        let (probe, i) = elements[pick * elements.count / min(4, elements.count)]
        let original = probe.get(i)
        var points: [(x: Double, y: Double)] = []
        for j in -3...3 {
            probe.set(i, original + Float(j) * step)
            points.append((Double(probe.get(i)), loss()))
        }
        probe.set(i, original)
        let meanX = points.map(\.x).reduce(0, +) / 7, meanY = points.map(\.y).reduce(0, +) / 7
        let sxx = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        let slope = sxx > 0 ? points.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) } / sxx : 0
        for p in points { largest = max(largest, abs(p.y - meanY - slope * (p.x - meanX))) }
    }
    return 4 * largest
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
/// `training` selects the mode of every forward (batch statistics for batch norm).
public func checkLayer(
    _ layer: any Layer, store: ParameterStore, input: Tensor, training: Bool = false, epsilon: Float = 1e-2, seed: UInt64 = 7
) -> [GradientCheckReport] {
    var rng = RandomGenerator(seed: seed)
    let x = TensorBox(input)
    let tape = Tape()
    let forwardOnce = layer.forward(x.value, training: training, tape: tape)
    #expect(forwardOnce.shape == layer.outputShape(for: input.shape), "the output has the shape outputShape(for:) reports")
    let weights = rng.normalTensor(shape: forwardOnce.shape)
    store.zeroGradients()
    let dInput = tape.backward(weights)
    let probes = Probe.parameters(of: store) + [Probe.tensor("input", x, analytic: dInput)]
    return gradientCheck(probes: probes, epsilon: epsilon) { projectedLoss(layer.forward(x.value, training: training), weights) }
}
