import TSSupport

/// A seeded, reproducible pseudo-random generator: xoshiro256** seeded by SplitMix64.
///
/// The same seed yields the same stream on every platform. `uniform` draws from
/// `[0, 1)` with 24 random mantissa bits; `normal` uses the Box–Muller transform
/// (`√(−2 ln u₁)·cos(2π u₂)`), drawing two uniforms per value.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// A uniform draw from `[0, 1)`.
    public mutating func uniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform draw from `[low, high)`.
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * uniform()
    }

    /// A draw from the normal distribution `N(mean, std²)`.
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let u1 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        let r = (-2 * log(1 - u1)).squareRoot()
        return mean + std * Float(r * cos(2 * Double.pi * u2))
    }

    /// A tensor of `shape` with entries uniform in `[low, high)`.
    public mutating func uniformTensor(shape: [Int], low: Float = 0, high: Float = 1) -> Tensor {
        var t = Tensor(shape: shape)
        for i in 0..<t.count { t.scalars[i] = uniform(low, high) }
        return t
    }

    /// A tensor of `shape` with entries drawn from `N(mean, std²)`: the values of as many
    /// calls of `normal` in row-major order, and the generator ends where they leave it.
    ///
    /// With `threads` and at least `parallelNormals` entries, near-equal ranges of the
    /// entries are drawn in parallel on the worker team, each from a copy of the generator
    /// moved ahead by two draws per entry before its range (`normal` always takes two): the
    /// same values, bit for bit, for every thread count.
    public mutating func normalTensor(shape: [Int], mean: Float = 0, std: Float = 1, threads: ComputeThreads = .single) -> Tensor {
        var t = Tensor(overwrittenShape: shape)
        let count = t.count
        let parts = count < Self.parallelNormals ? 1 : threads.usable
        let start = self
        var ends = [RandomGenerator](repeating: self, count: parts)
        t.withUnsafeMutableBufferPointer { out in
            ends.withUnsafeMutableBufferPointer { ends in
                WorkerTeam.shared.run(count: parts) { p in
                    let (first, last) = (p * count / parts, (p + 1) * count / parts)
                    var generator = start
                    for _ in 0..<(2 * first) { _ = generator.next() }
                    for i in first..<last { out[i] = generator.normal(mean: mean, std: std) }
                    ends[p] = generator
                }
            }
        }
        self = ends[parts - 1]
        return t
    }

    /// The fewest entries `normalTensor(shape:mean:std:threads:)` splits over threads: about
    /// 25 µs of drawing, several times what starting the workers costs.
    public static var parallelNormals: Int { 1024 }

    /// The whole state (xoshiro256**'s four words): a generator given these words continues
    /// the stream where the one that gave them is (training checkpoints save it).
    public var stateWords: [UInt64] {
        get { [state.0, state.1, state.2, state.3] }
        set {
            precondition(newValue.count == 4, "RandomGenerator.stateWords: expected 4 words, got \(newValue.count)")
            state = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

