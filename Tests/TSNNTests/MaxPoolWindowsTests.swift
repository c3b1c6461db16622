import Testing
@testable import TSNN
import TSTensor

/// Max pooling whose windows all lie inside the image (no padding, no ceil-mode overhang)
/// runs without clipping, with the 2 × 2 and 1 × 2 windows compiled for their sizes. Its
/// results must be those of the rule itself (first maximum in row-major window order, a
/// NaN taken as the maximum), checked here against a plain loop over the windows — exactly,
/// since a maximum is one of its inputs — on inputs full of ties and with NaNs.
@Suite struct MaxPoolWindowsTests {
    /// `(maximum, flat index)` of every window of a `[planes, H, W]` input, by the rule.
    static func expected(_ x: [Float], planes: Int, size: (Int, Int), kernel: (Int, Int), stride: (Int, Int)) -> ([Float], [Int32]) {
        let outH = (size.0 - kernel.0) / stride.0 + 1, outW = (size.1 - kernel.1) / stride.1 + 1
        var values: [Float] = [], indices: [Int32] = []
        for p in 0..<planes {
            for oh in 0..<outH {
                for ow in 0..<outW {
                    var best = -Float.infinity, index = oh * stride.0 * size.1 + ow * stride.1
                    for i in 0..<kernel.0 {
                        for j in 0..<kernel.1 {
                            let position = (oh * stride.0 + i) * size.1 + ow * stride.1 + j
                            let v = x[p * size.0 * size.1 + position]
                            if v > best || v.isNaN { (best, index) = (v, position) }
                        }
                    }
                    values.append(best)
                    indices.append(Int32(index))
                }
            }
        }
        return (values, indices)
    }

    /// Small integers (many ties), a NaN and a −∞ in a `[2, 3, 9, 11]` input.
    static func input() -> Tensor {
        var rng = RandomGenerator(seed: 31)
        var scalars = (0..<(2 * 3 * 9 * 11)).map { _ in Float(Int(rng.uniform() * 3)) }
        scalars[5] = .nan
        scalars[40] = -.infinity
        return Tensor(shape: [2, 3, 9, 11], scalars: scalars)
    }

    /// 2 × 2 (stride 2), 3 × 3 stride 2 and 2 × 3 stride (1, 2): the unclipped windows.
    @Test(arguments: [((2, 2), (2, 2)), ((3, 3), (2, 2)), ((2, 3), (1, 2))])
    func twoDimensional(kernel: (Int, Int), stride: (Int, Int)) {
        let x = Self.input()
        var y = Tensor(shape: []), indices: [Int32] = []
        maxPool2dForward(
            x, height: PoolAxis(kernel: kernel.0, stride: stride.0), width: PoolAxis(kernel: kernel.1, stride: stride.1),
            output: &y, indices: &indices)
        let (values, expectedIndices) = Self.expected(x.scalars, planes: 6, size: (9, 11), kernel: kernel, stride: stride)
        #expect(indices == expectedIndices)
        #expect(zip(y.scalars, values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } && y.count == values.count)
    }

    /// 1-D windows of 2 (the 1 × 2 case) over `[6, 9, 11]` read as 54 rows of 11.
    @Test func oneDimensional() {
        let x = Self.input()
        let rows = Tensor(shape: [6, 9, 11], scalars: x.scalars)
        var y = Tensor(shape: []), indices: [Int32] = []
        maxPool1dForward(rows, axis: PoolAxis(kernel: 2), output: &y, indices: &indices)
        let (values, expectedIndices) = Self.expected(x.scalars, planes: 54, size: (1, 11), kernel: (1, 2), stride: (1, 2))
        #expect(indices == expectedIndices)
        #expect(zip(y.scalars, values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } && y.count == values.count)
    }
}
