import TSTensor

/// A pseudo-random bijection of `0..<count` evaluated index by index in O(1) memory.
///
/// A balanced Feistel network on `2h`-bit integers (`2^{2h}` the smallest even power of
/// two ≥ `count`, so at most `4·count`) with `rounds` keyed rounds
/// `(L, R) ↦ (R, L ⊕ F(R, kᵢ))`, `F` a SplitMix64 finaliser masked to `h` bits, is a
/// permutation of `0..<2^{2h}`; cycle-walking (apply it again while the value is
/// `≥ count`) restricts it to a permutation of `0..<count` (fewer than 4 steps on average).
/// The keys come from the caller's generator, so the same seed gives the same order.
public struct SeededPermutation: Sendable, Equatable {
    /// Size of the permuted range.
    public let count: Int
    private let halfBits: Int
    private let keys: [UInt64]
    private static let rounds = 6

    /// A permutation of `0..<count` keyed by `rounds` draws from `generator`.
    public init(count: Int, generator: inout RandomGenerator) {
        precondition(count >= 0, "SeededPermutation: negative count \(count)")
        self.count = count
        var bits = 2
        while 1 << bits < count { bits += 2 }
        halfBits = bits / 2
        keys = (0..<Self.rounds).map { _ in generator.next() }
    }

    /// The position-`i` value of the permutation, in `0..<count`.
    public subscript(i: Int) -> Int {
        precondition(i >= 0 && i < count, "SeededPermutation: index \(i) out of 0..<\(count)")
        var x = UInt64(i)
        repeat { x = feistel(x) } while x >= UInt64(count)
        return Int(x)
    }

    private func feistel(_ x: UInt64) -> UInt64 {
        let mask = (UInt64(1) << halfBits) - 1
        var left = x >> halfBits, right = x & mask
        for key in keys {
            (left, right) = (right, left ^ (Self.mix(right ^ key) & mask))
        }
        return left << halfBits | right
    }

    /// SplitMix64's output finaliser: a fast 64-bit mixing function.
    private static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
