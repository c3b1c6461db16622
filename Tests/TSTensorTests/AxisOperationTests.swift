import Testing
import TSTensor

/// Concatenation, splitting, axis sums and the broadcast add, against element-by-element
/// definitions; integer-valued inputs make every sum exact in Float32.
@Suite struct AxisOperationTests {
    /// `[2, 3, 4]` holding `0, 1, …, 23`.
    static let cube = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))

    @Test(arguments: [0, 1, 2])
    func splitThenConcatenateIsTheIdentity(axis: Int) {
        let size = Self.cube.shape[axis]
        let pieces = Self.cube.split(along: axis, sizes: [1, size - 1])
        #expect(pieces[0].shape[axis] == 1 && pieces[1].shape[axis] == size - 1)
        #expect(Tensor.concatenate(pieces, along: axis) == Self.cube)
    }

    @Test func splitAlongTheMiddleAxisTakesTheRightElements() {
        let pieces = Self.cube.split(along: 1, sizes: [2, 1])
        #expect(pieces[0].shape == [2, 2, 4] && pieces[1].shape == [2, 1, 4])
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    let value = j < 2 ? pieces[0][i, j, k] : pieces[1][i, j - 2, k]
                    #expect(value == Self.cube[i, j, k])
                }
            }
        }
    }

    @Test func concatenateRowsOfDifferentBatches() {
        let real = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let fake = Tensor(shape: [1, 2], scalars: [5, 6])
        #expect(Tensor.concatenate([real, fake], along: 0) == Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(Tensor.concatenate([real, real], along: 1) == Tensor(shape: [2, 4], scalars: [1, 2, 1, 2, 3, 4, 3, 4]))
    }

    @Test(arguments: [[0], [1], [2], [0, 2], [1, 0], [0, 1, 2], []])
    func sumAlongAxesMatchesTheDefinition(axes: [Int]) {
        let kept = (0..<3).filter { !axes.contains($0) }
        let sum = Self.cube.sum(alongAxes: axes)
        #expect(sum.shape == kept.map { Self.cube.shape[$0] })
        var expected = [Float](repeating: 0, count: sum.count)
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    let index = [i, j, k]
                    let flat = kept.reduce(0) { $0 * Self.cube.shape[$1] + index[$1] }
                    expected[flat] += Self.cube[i, j, k]
                }
            }
        }
        #expect(sum.scalars == expected)
    }

    @Test func broadcastAddRepeatsOverLeadingAxes() {
        let bias = Tensor(shape: [4], scalars: [10, 20, 30, 40])
        let y = Self.cube.adding(broadcast: bias)
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(y[i, j, k] == Self.cube[i, j, k] + bias[k]) } } }
        let plane = Tensor(shape: [3, 4], repeating: 1)
        #expect(Self.cube.adding(broadcast: plane).scalars == Self.cube.scalars.map { $0 + 1 })
        // The bias gradient of a broadcast add is the sum over the leading axes.
        #expect(Tensor(shape: [2, 3, 4], repeating: 1).sum(alongAxes: [0, 1]).scalars == [6, 6, 6, 6])
    }

    @Test func scalarsCanBeWrittenInPlace() {
        var t = Tensor(shape: [2, 2])
        t.scalars[3] = 7
        t.scalars = [1, 2, 3, 4]
        t.scalars.replaceSubrange(0..<2, with: [9, 8])
        #expect(t == Tensor(shape: [2, 2], scalars: [9, 8, 3, 4]))
    }

    @Test func scalarsOfAnotherLengthTrap() async {
        await #expect(processExitsWith: .failure) {
            var t = Tensor(shape: [2, 2])
            t.scalars.append(1)
        }
        await #expect(processExitsWith: .failure) {
            var t = Tensor(shape: [2, 2])
            t.scalars = [1, 2, 3]
        }
    }
}
