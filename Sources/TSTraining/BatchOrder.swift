import TSTensor

/// The order in which an epoch visits `count` samples, cut into batches of `batchSize`
/// (the last batch may be smaller).
///
/// Shuffling is a `SeededPermutation` keyed from a caller-seeded `RandomGenerator`, so
/// the same seed gives the same epochs; sample indices are computed batch by batch, so
/// the order takes O(1) memory whatever the number of samples (only the batch being
/// visited is an array).
public struct BatchOrder: Sequence, Sendable {
    /// Number of samples.
    public let count: Int
    /// Samples per batch.
    public let batchSize: Int
    /// Position → sample, or `nil` for samples in order.
    private let permutation: SeededPermutation?

    /// Samples `0..<count` in order.
    public init(count: Int, batchSize: Int) {
        precondition(count >= 0 && batchSize >= 1, "BatchOrder: count \(count), batchSize \(batchSize)")
        self.count = count
        self.batchSize = batchSize
        permutation = nil
    }

    /// Samples `0..<count` shuffled with `generator`.
    public init(count: Int, batchSize: Int, shuffledWith generator: inout RandomGenerator) {
        precondition(count >= 0 && batchSize >= 1, "BatchOrder: count \(count), batchSize \(batchSize)")
        self.count = count
        self.batchSize = batchSize
        permutation = SeededPermutation(count: count, generator: &generator)
    }

    /// The sample visited at position `i` of the epoch.
    public subscript(i: Int) -> Int { permutation?[i] ?? i }

    /// Number of batches `⌈count / batchSize⌉`.
    public var batchCount: Int { (count + batchSize - 1) / batchSize }

    /// The sample indices of each batch in turn.
    public func makeIterator() -> AnyIterator<[Int]> {
        var start = 0
        return AnyIterator {
            guard start < count else { return nil }
            defer { start += batchSize }
            return (start..<Swift.min(start + batchSize, count)).map { self[$0] }
        }
    }
}
