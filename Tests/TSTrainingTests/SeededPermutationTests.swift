import Testing
@testable import TSTraining
import TSTensor

@Suite struct SeededPermutationTests {
    @Test func visitsEveryIndexExactlyOnce() {
        for count in [0, 1, 2, 3, 4, 5, 15, 16, 17, 255, 1000, 65_537] {
            var rng = RandomGenerator(seed: UInt64(count))
            let p = SeededPermutation(count: count, generator: &rng)
            var seen = [Bool](repeating: false, count: count)
            for i in 0..<count {
                let v = p[i]
                #expect(v >= 0 && v < count && !seen[v], "count \(count): \(v) at \(i)")
                seen[v] = true
            }
            #expect(seen.allSatisfy { $0 })
        }
    }

    @Test func sameSeedSameOrderOtherSeedOtherOrder() {
        func order(seed: UInt64) -> [Int] {
            var rng = RandomGenerator(seed: seed)
            let p = SeededPermutation(count: 5_000, generator: &rng)
            return (0..<5_000).map { p[$0] }
        }
        #expect(order(seed: 42) == order(seed: 42))
        #expect(order(seed: 42) != order(seed: 43))
    }

    @Test func looksShuffled() {
        var rng = RandomGenerator(seed: 1)
        let n = 10_000
        let p = SeededPermutation(count: n, generator: &rng)
        let values = (0..<n).map { p[$0] }
        // A random permutation has about one fixed point and rises about half the time.
        #expect(values.indices.filter { values[$0] == $0 }.count < 10)
        let rises = zip(values, values.dropFirst()).filter { $0 < $1 }.count
        #expect(abs(Double(rises) / Double(n - 1) - 0.5) < 0.03)
        // Each tenth of the epoch draws from every tenth of the samples.
        for block in 0..<10 {
            let deciles = Set(values[(block * n / 10)..<((block + 1) * n / 10)].map { $0 * 10 / n })
            #expect(deciles.count == 10)
        }
    }

    @Test func batchOrderBatchesThePermutation() {
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        let order = BatchOrder(count: 1_001, batchSize: 64, shuffledWith: &a)
        let p = SeededPermutation(count: 1_001, generator: &b)
        #expect(order.batchCount == 16)
        #expect(Array(order.joined()) == (0..<1_001).map { p[$0] })
        #expect(order.map(\.count).allSatisfy { $0 == 64 || $0 == 1_001 % 64 })
    }
}
