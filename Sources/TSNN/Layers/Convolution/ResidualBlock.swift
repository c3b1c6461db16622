import TSTensor

/// A residual block of 1-D convolutions (He et al. 2016; the ResNet of Wang et al. 2017
/// and Fawaz et al. 2019): `y = ReLU(main(x) + shortcut(x))`.
///
/// `main` is, for each kernel size `kᵢ`, `Conv1d(kᵢ, padding: same) → BatchNorm1d → ReLU`,
/// without the last ReLU (`[B, C_in, T] → [B, C_out, T]`); `shortcut` is the identity when
/// `C_in = C_out`, else a 1×1 projection `Conv1d(1) → BatchNorm1d`. The convolutions have
/// no bias (as torchvision's ResNet): the batch norm after each one subtracts the channel
/// mean, so a bias there would have a zero gradient in training. State-dict names under
/// the block's scope: `main.0.weight`, `main.1.running_mean`, …, `shortcut.0.weight`,
/// `shortcut.1.weight`, ….
///
/// Each branch records on a tape of its own; the block's pullback applies the ReLU mask
/// and returns `dx = ∂main + ∂shortcut` (`dx = dz` through an identity shortcut).
public final class ResidualBlock: Layer {
    /// The convolution chain.
    public let main: Sequential
    /// The projection, or `nil` for the identity.
    public let shortcut: Sequential?

    /// A block `[B, inChannels, T] → [B, outChannels, T]` with one convolution per entry
    /// of `kernelSizes` (Fawaz et al.: `[8, 5, 3]`).
    public convenience init(inChannels: Int, outChannels: Int, kernelSizes: [Int], scope: ParameterScope, rng: inout RandomGenerator) {
        precondition(!kernelSizes.isEmpty, "ResidualBlock: needs at least one convolution")
        let mainScope = scope.child("main")
        var layers: [any Layer] = []
        for (i, k) in kernelSizes.enumerated() {
            layers.append(Convolution.conv1d(
                inChannels: i == 0 ? inChannels : outChannels, outChannels: outChannels, kernelSize: k, padding: .same,
                bias: false, scope: mainScope.child(layers.count), rng: &rng))
            layers.append(BatchNorm(channels: outChannels, spatialAxes: 1, scope: mainScope.child(layers.count)))
            if i < kernelSizes.count - 1 { layers.append(Activation(.relu)) }
        }
        var shortcut: Sequential?
        if inChannels != outChannels {
            let s = scope.child("shortcut")
            shortcut = Sequential([
                Convolution.conv1d(inChannels: inChannels, outChannels: outChannels, kernelSize: 1, bias: false, scope: s.child(0), rng: &rng),
                BatchNorm(channels: outChannels, spatialAxes: 1, scope: s.child(1)),
            ])
        }
        self.init(main: Sequential(layers), shortcut: shortcut)
    }

    /// A block of any two branches mapping an input to the same shape (`shortcut` `nil`:
    /// the identity), registered by the caller under `<scope>.main` and `<scope>.shortcut`.
    public init(main: Sequential, shortcut: Sequential?) {
        self.main = main
        self.shortcut = shortcut
    }

    public var children: [(name: String, module: any Module)] {
        [("main", main)] + (shortcut.map { [("shortcut", $0)] } ?? [])
    }

    /// Both branches read the block's input (not a chain): the main rows, the shortcut's,
    /// then a row of the block itself for the sum and its ReLU (no parameters).
    public func summaryRows(input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]? {
        let prefix = path.isEmpty ? "" : path + "."
        let output = main.summaryRows(input: input, path: prefix + "main", into: &rows)
        _ = shortcut?.summaryRows(input: input, path: prefix + "shortcut", into: &rows)
        rows.append(SummaryRow(
            path: path, type: summaryName, detail: shortcut == nil ? "x + main, ReLU" : "shortcut + main, ReLU", isLayer: true,
            shape: output ?? [], parameters: 0))
        return output
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let output = main.outputShape(for: inputShape)
        if let shortcut {
            precondition(shortcut.outputShape(for: inputShape) == output, "ResidualBlock: branch shapes differ for input \(inputShape)")
        } else {
            precondition(output == inputShape, "ResidualBlock: main branch maps \(inputShape) to \(output) without a projection")
        }
        return output
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        let mainTape = tape?.branch(), shortcutTape = tape?.branch()
        let sum = main.forward(input, training: training, tape: mainTape)
            + (shortcut?.forward(input, training: training, tape: shortcutTape) ?? input)
        let output = sum.relu()
        tape?.record { [shortcut] dOutput in
            var dSum = dOutput
            sum.withUnsafeBufferPointer { z in
                dSum.withUnsafeMutableBufferPointer { d in
                    for i in 0..<d.count where !(z[i] > 0) { d[i] = 0 }
                }
            }
            let dMain = mainTape!.backward(dSum)
            return dMain + (shortcut == nil ? dSum : shortcutTape!.backward(dSum))
        }
        return output
    }
}
