import Testing
import TSTensor

/// `RandomGenerator.normalTensor(shape:mean:std:threads:)`: every thread count gives the
/// values of as many `normal` calls, bit for bit, and leaves the generator where they do.
@Suite struct NormalTensorTests {
    @Test(arguments: [0, 7, RandomGenerator.parallelNormals - 1, RandomGenerator.parallelNormals, 2048, 3001])
    func everyThreadCountDrawsTheSequentialStream(count: Int) throws {
        var sequential = RandomGenerator(seed: 11)
        let expected = (0..<count).map { _ in sequential.normal(mean: 0.5, std: 2) }
        for threads in [1, 2, 3] {
            var generator = RandomGenerator(seed: 11)
            let t = generator.normalTensor(shape: [count], mean: 0.5, std: 2, threads: try ComputeThreads(count: threads))
            #expect(t.scalars.map(\.bitPattern) == expected.map(\.bitPattern), "\(threads) threads, \(count) entries")
            #expect(generator.stateWords == sequential.stateWords, "\(threads) threads: the generator ends where the calls leave it")
        }
    }
}
