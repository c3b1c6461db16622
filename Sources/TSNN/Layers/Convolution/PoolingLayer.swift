import TSTensor

/// A max- or average-pooling layer over one or two spatial axes (PyTorch's `nn.MaxPool1d`,
/// `nn.MaxPool2d`, `nn.AvgPool1d`, `nn.AvgPool2d`), on the functional pooling operators.
///
/// Shapes: 1-D `[B, C, T] → [B, C, T_out]`, 2-D `[B, C, H, W] → [B, C, H_out, W_out]`, per
/// axis `n_out = ⌊(n + 2p − k)/s⌋ + 1` (rounded up with `ceilMode`, see `PoolAxis`). Max:
/// `y` is the window's maximum and the pullback routes `dy` to the position that won (the
/// indices are the call's pullback state); average: `y = Σ window / d` and `dx` spreads
/// `dy / d` over the window (`countIncludePad` as PyTorch's `count_include_pad`). No
/// parameters.
public final class Pooling: Layer, Sendable {
    /// What a window is reduced to.
    public enum Kind: Sendable, Equatable {
        /// The window maximum (padding never wins).
        case max
        /// The window mean; `countIncludePad` counts the padding zeros in the divisor.
        case average(countIncludePad: Bool)
    }

    /// Max or average.
    public let kind: Kind
    /// The height axis (2-D), `nil` for 1-D pooling.
    public let height: PoolAxis?
    /// The last (time or width) axis.
    public let width: PoolAxis

    /// Pooling of `kind` over `width` (1-D) or `height × width` (2-D).
    public init(_ kind: Kind, height: PoolAxis? = nil, width: PoolAxis) {
        self.kind = kind
        self.height = height
        self.width = width
    }

    /// PyTorch's `MaxPool1d(kernel, stride, padding)`; `stride` defaults to `kernel`.
    public static func maxPool1d(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) -> Pooling {
        Pooling(.max, width: PoolAxis(kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode))
    }

    /// PyTorch's `MaxPool2d` with a square window (`stride` defaults to `kernel`).
    public static func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) -> Pooling {
        let axis = PoolAxis(kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode)
        return Pooling(.max, height: axis, width: axis)
    }

    /// PyTorch's `AvgPool1d(kernel, stride, padding, count_include_pad)`.
    public static func avgPool1d(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true) -> Pooling {
        Pooling(.average(countIncludePad: countIncludePad), width: PoolAxis(kernel: kernelSize, stride: stride, padding: padding))
    }

    /// PyTorch's `AvgPool2d` with a square window.
    public static func avgPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true) -> Pooling {
        let axis = PoolAxis(kernel: kernelSize, stride: stride, padding: padding)
        return Pooling(.average(countIncludePad: countIncludePad), height: axis, width: axis)
    }

    /// `MaxPool1d`, `MaxPool2d`, `AvgPool1d` or `AvgPool2d`.
    public var summaryName: String {
        (kind == .max ? "MaxPool" : "AvgPool") + (height == nil ? "1d" : "2d")
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        let rank = height == nil ? 3 : 4
        precondition(
            inputShape.count == rank, "\(summaryName): expected input \(rank == 3 ? "[B, C, T]" : "[B, C, H, W]"), got \(inputShape)")
        let last = width.outputSize(inputSize: inputShape[rank - 1])
        if let height { return [inputShape[0], inputShape[1], height.outputSize(inputSize: inputShape[2]), last] }
        return [inputShape[0], inputShape[1], last]
    }

    public func forward(_ input: Tensor, training: Bool, tape: Tape?) -> Tensor {
        _ = outputShape(for: input.shape)
        var output = Tensor(shape: [])
        let shape = input.shape
        let threads = tape?.threads ?? .single
        switch kind {
        case .max:
            var indices: [Int32] = []
            if let height {
                maxPool2dForward(input, height: height, width: width, output: &output, indices: &indices, threads: threads)
            } else {
                maxPool1dForward(input, axis: width, output: &output, indices: &indices, threads: threads)
            }
            tape?.record { [height, width] dOutput in
                var dInput = Tensor(shape: [])
                if let height {
                    maxPool2dBackward(
                        dOutput, indices: indices, inputShape: shape, height: height, width: width, dInput: &dInput, threads: threads)
                } else {
                    maxPool1dBackward(dOutput, indices: indices, inputShape: shape, axis: width, dInput: &dInput, threads: threads)
                }
                return dInput
            }
        case .average(let countIncludePad):
            if let height {
                avgPool2dForward(
                    input, height: height, width: width, countIncludePad: countIncludePad, output: &output, threads: threads)
            } else {
                avgPool1dForward(input, axis: width, countIncludePad: countIncludePad, output: &output, threads: threads)
            }
            tape?.record { [height, width] dOutput in
                var dInput = Tensor(shape: [])
                if let height {
                    avgPool2dBackward(
                        dOutput, inputShape: shape, height: height, width: width, countIncludePad: countIncludePad, dInput: &dInput,
                        threads: threads)
                } else {
                    avgPool1dBackward(
                        dOutput, inputShape: shape, axis: width, countIncludePad: countIncludePad, dInput: &dInput, threads: threads)
                }
                return dInput
            }
        }
        return output
    }
}
