import Foundation
import Testing
import TSTensor

@Suite struct TensorTests {
    @Test func matmulMatchesHandComputedProducts() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(Tensor.matmul(a, b).scalars == [58, 64, 139, 154])
        #expect(Tensor.matmul(a, a, transposeB: true).scalars == [14, 32, 32, 77])
        #expect(Tensor.matmul(a, a, transposeA: true).scalars == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(Tensor.matmul(a.transposed(), b.transposed(), transposeA: true, transposeB: true).scalars == [58, 64, 139, 154])
    }

    @Test func elementwiseKernels() {
        let x = Tensor(shape: [5], scalars: [-2, -0.5, 0, 0.5, 3])
        #expect(x.relu().scalars == [0, 0, 0, 0.5, 3])
        #expect(x.leakyRelu(slope: 0.1).scalars == [-0.2, -0.05, 0, 0.5, 3])
        for (i, v) in x.scalars.enumerated() {
            #expect(abs(x.tanh().scalars[i] - Float(tanh(Double(v)))) < 1e-6)
            #expect(abs(x.sigmoid().scalars[i] - Float(1 / (1 + exp(-Double(v))))) < 1e-6)
            #expect(abs(x.exp().scalars[i] - Float(exp(Double(v)))) < 1e-5 * Float(exp(Double(v))))
        }
        #expect((x + x).scalars == x.scaled(by: 2).scalars)
        #expect((x * x).sum() == x.dot(x))
        #expect((x - x).scalars.allSatisfy { $0 == 0 })
        let long = Tensor(shape: [37], scalars: (0..<37).map(Float.init))
        #expect(long.sum() == 666)
        #expect(long.mean() == 18)
    }

    @Test func copyOnWriteKeepsValueSemantics() {
        var a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = a
        a[0, 1] = 9
        #expect(b[0, 1] == 2)
        #expect(a[0, 1] == 9)
        #expect(a.reshaped([4]).scalars == [1, 9, 3, 4])
        #expect(a.row(1).scalars == [3, 4])
    }

    @Test func randomGeneratorIsSeededAndHasTheRightMoments() {
        var g1 = RandomGenerator(seed: 42)
        var g2 = RandomGenerator(seed: 42)
        var g3 = RandomGenerator(seed: 43)
        let a = (0..<100).map { _ in g1.uniform() }
        #expect(a == (0..<100).map { _ in g2.uniform() })
        #expect(a != (0..<100).map { _ in g3.uniform() })
        #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
        var g = RandomGenerator(seed: 1)
        let n = 200_000
        let xs = (0..<n).map { _ in Double(g.normal(mean: 2, std: 3)) }
        let mean = xs.reduce(0, +) / Double(n)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        #expect(abs(mean - 2) < 0.03)
        #expect(abs(variance.squareRoot() - 3) < 0.03)
    }
}
