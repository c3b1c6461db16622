import Testing
import TSTensor
import TSTraining

@Suite struct BatchOrderTests {
    @Test func seededShufflingIsAPermutationAndReproducible() {
        var a = RandomGenerator(seed: 7)
        var b = RandomGenerator(seed: 7)
        let first = BatchOrder(count: 10, batchSize: 4, shuffledWith: &a)
        let second = BatchOrder(count: 10, batchSize: 4, shuffledWith: &b)
        #expect(Array(first) == Array(second))
        #expect(first.joined().sorted() == Array(0..<10))
        #expect(Array(first.joined()) != Array(0..<10))
        #expect(first.map(\.count) == [4, 4, 2])
        #expect(Array(BatchOrder(count: 5, batchSize: 2)) == [[0, 1], [2, 3], [4]])
    }
}
