import Testing
import TSTensor

/// `Kernels.maskNotPositive` (the ReLU / leaky-ReLU backward) against its scalar
/// definition, across the eight-lane blocks and the tail, with zero, negative, NaN inputs,
/// into another buffer and in place.
@Suite struct MaskKernelTests {
    @Test(arguments: [nil, Float(0.1)])
    func matchesScalarDefinition(slope: Float?) {
        func input(_ i: Int) -> Float {
            if i % 5 == 0 { return 0 }
            if i % 7 == 3 { return .nan }
            return Float(i % 3) - 1
        }
        let x = (0..<19).map(input)
        let d: [Float] = (0..<19).map { Float($0) + 0.5 }
        var (separate, inPlace) = ([Float](repeating: .nan, count: 19), d)
        x.withUnsafeBufferPointer { xp in
            d.withUnsafeBufferPointer { dp in
                separate.withUnsafeMutableBufferPointer { Kernels.maskNotPositive(xp.baseAddress!, dp.baseAddress!, $0.baseAddress!, slope: slope, 19) }
            }
            inPlace.withUnsafeMutableBufferPointer { Kernels.maskNotPositive(xp.baseAddress!, $0.baseAddress!, $0.baseAddress!, slope: slope, 19) }
        }
        let expected: [Float] = zip(x, d).map { x, d in x > 0 ? d : (slope.map { d * $0 } ?? 0) }
        #expect(separate == expected)
        #expect(inPlace == expected)
        #expect(x.contains { $0.isNaN } && x.contains(0) && x.contains { $0 < 0 } && x.contains { $0 > 0 })
    }
}
