import CGateKernels
import Testing
@testable import TSNN

/// `cgk_im2col` and `cgk_col2im` (the columns of every convolution the direct kernels do
/// not take, and the input gradient at a stride above 1) against their definitions, exactly:
/// im2col only copies, and col2im adds each input element's terms to 0 in tap order, so both
/// are the same bits as the loops below on every path. The 1-D cases at strides 2 and 3 run
/// the phased rows (`strided_row_pass`), the others the general loop nest; sample ranges
/// split in two must give the same bits as one call.
@Suite struct ColumnsTests {
    static let cases: [DirectConvTests.Case] = [
        // The conv autoencoder's layers (stride 2, padding 2, kernel 5), an odd width.
        DirectConvTests.Case(channels: 2, size: (1, 33), outChannels: 3, kernel: (1, 5), width: ConvAxis(stride: 2, padding: .explicit(2))),
        DirectConvTests.Case(channels: 3, size: (1, 16), outChannels: 2, kernel: (1, 5), width: ConvAxis(stride: 2, padding: .explicit(2))),
        // Stride 3 with dilation 2; an even kernel; a valid one whose last input no tap reads.
        DirectConvTests.Case(channels: 3, size: (1, 40), outChannels: 2, kernel: (1, 3), width: ConvAxis(stride: 3, padding: .explicit(1), dilation: 2)),
        DirectConvTests.Case(channels: 1, size: (1, 20), outChannels: 2, kernel: (1, 4), width: ConvAxis(stride: 2)),
        DirectConvTests.Case(channels: 2, size: (1, 22), outChannels: 2, kernel: (1, 3), width: ConvAxis(stride: 2)),
        // Padding wider than the kernel reaches, on both sides.
        DirectConvTests.Case(channels: 2, size: (1, 9), outChannels: 2, kernel: (1, 3), width: ConvAxis(stride: 2, padding: .explicit(4))),
        // The general loop nest: stride 1 (same, causal dilated) and 2-D strides.
        DirectConvTests.Case(channels: 2, size: (1, 19), outChannels: 2, kernel: (1, 5), width: ConvAxis(padding: .same)),
        DirectConvTests.Case(channels: 3, size: (1, 29), outChannels: 2, kernel: (1, 3), width: ConvAxis(padding: .causal, dilation: 2)),
        DirectConvTests.Case(channels: 2, size: (9, 10), outChannels: 2, kernel: (3, 3), height: ConvAxis(stride: 2, padding: .explicit(1)), width: ConvAxis(stride: 2, padding: .explicit(1))),
    ]

    /// Calls `body(c, i, j, b, oh, ow, row, column)` for every column entry, taps in order.
    static func forEachEntry(_ s: cgk_conv_shape, _ body: (Int, Int, Int, Int, Int, Int, Int, Int) -> Void) {
        let positions = s.outHeight * s.outWidth
        for c in 0..<s.channels {
            for i in 0..<s.kernelH {
                for j in 0..<s.kernelW {
                    let row = (c * s.kernelH + i) * s.kernelW + j
                    for b in 0..<s.batch {
                        for oh in 0..<s.outHeight {
                            for ow in 0..<s.outWidth { body(c, i, j, b, oh, ow, row, b * positions + oh * s.outWidth + ow) }
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: cases)
    func columnsAreTheirDefinition(_ c: DirectConvTests.Case) {
        let plan = c.plan()
        var shape = plan.shape
        let columns = shape.batch * plan.positions
        let x = (0..<plan.inputCount).map { Float($0 % 97) * 0.37 - 11 }
        var expected = [Float](repeating: 0, count: plan.reduction * columns)
        Self.forEachEntry(shape) { ch, i, j, b, oh, ow, row, column in
            if let at = shape.inputIndex(b: b, c: ch, i: i, j: j, oh: oh, ow: ow) { expected[row * columns + column] = x[at] }
        }
        for split in [shape.batch, 1] {
            var cols = [Float](repeating: .nan, count: expected.count)
            cgk_im2col(&shape, 0, split, x, &cols)
            cgk_im2col(&shape, split, shape.batch, x, &cols)
            #expect(cols == expected, "\(c), samples split at \(split)")
        }
    }

    @Test(arguments: cases)
    func col2imAddsInTapOrder(_ c: DirectConvTests.Case) {
        let plan = c.plan()
        var shape = plan.shape
        let columns = shape.batch * plan.positions
        // Values of mixed magnitude, so that another summation order would round otherwise.
        let cols = (0..<(plan.reduction * columns)).map { n -> Float in
            let scale: Float = n % 3 == 0 ? 10 : 1e-3
            return Float((n * 7919) % 1013) * scale - 3
        }
        var expected = [Float](repeating: 0, count: plan.inputCount)
        Self.forEachEntry(shape) { ch, i, j, b, oh, ow, row, column in
            if let at = shape.inputIndex(b: b, c: ch, i: i, j: j, oh: oh, ow: ow) { expected[at] += cols[row * columns + column] }
        }
        for split in [shape.batch, 1] {
            var dx = [Float](repeating: .nan, count: plan.inputCount)
            cgk_col2im(&shape, 0, split, cols, &dx)
            cgk_col2im(&shape, split, shape.batch, cols, &dx)
            #expect(dx == expected, "\(c), samples split at \(split)")
        }
    }
}

extension cgk_conv_shape {
    /// The flat index in `x [B, C, H, W]` of the input element that tap `(c, i, j)` of
    /// output `(oh, ow)` of sample `b` reads, or `nil` in the padding (the definition both
    /// the columns and the direct kernels are checked against).
    func inputIndex(b: Int, c: Int, i: Int, j: Int, oh: Int, ow: Int) -> Int? {
        let h = oh * strideH - padTop + i * dilationH, w = ow * strideW - padLeft + j * dilationW
        guard h >= 0, h < height, w >= 0, w < width else { return nil }
        return ((b * channels + c) * height + h) * width + w
    }
}
