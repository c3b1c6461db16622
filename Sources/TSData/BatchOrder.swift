import TSTensor

/// The order in which an epoch visits `count` samples, cut into batches of `batchSize`
/// (the last batch may be smaller).
///
/// Shuffling is a Fisher–Yates permutation driven by a caller-seeded `RandomGenerator`, so
/// the same seed gives the same epochs. Only the index permutation is held (O(count)).
public struct BatchOrder: Sequence, Sendable {
    /// The sample indices in visiting order.
    public let order: [Int]
    /// Samples per batch.
    public let batchSize: Int

    /// Samples `0..<count` in order.
    public init(count: Int, batchSize: Int) {
        precondition(count >= 0 && batchSize >= 1, "BatchOrder: count \(count), batchSize \(batchSize)")
        order = Array(0..<count)
        self.batchSize = batchSize
    }

    /// Samples `0..<count` shuffled with `generator`.
    public init(count: Int, batchSize: Int, shuffledWith generator: inout RandomGenerator) {
        precondition(count >= 0 && batchSize >= 1, "BatchOrder: count \(count), batchSize \(batchSize)")
        var order = Array(0..<count)
        if order.count > 1 {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = Int(generator.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        self.order = order
        self.batchSize = batchSize
    }

    /// Number of batches `⌈count / batchSize⌉`.
    public var batchCount: Int { (order.count + batchSize - 1) / batchSize }

    /// The indices of each batch in turn.
    public func makeIterator() -> AnyIterator<ArraySlice<Int>> {
        var start = 0
        let order = order, size = batchSize
        return AnyIterator {
            guard start < order.count else { return nil }
            defer { start += size }
            return order[start..<Swift.min(start + size, order.count)]
        }
    }
}
