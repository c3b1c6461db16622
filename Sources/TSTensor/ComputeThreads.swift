import TSSupport

/// How many threads one computation may use, handed down by the caller: training
/// (`TrainingConfig.threads`), forecasting, a `Tape` (which carries it to every layer
/// the forward runs) or a direct call such as `BLAS.gemm(…, threads:)`.
///
/// All parallelism in the library is its own: OpenBLAS is held at one thread (see
/// `BLAS`), and work that is worth splitting (a GEMM's output rows or columns, a
/// recurrence's batch rows, a convolution's im2col over the batch) runs in `count` parts
/// on the process's persistent worker team. So concurrent callers never oversubscribe the
/// cores through a hidden global, and no call changes what another sees. At most one
/// region runs on the team at a time: a caller that finds it busy (another thread's
/// region, or a nested one) runs its parts itself, in order, with the same result.
///
/// Results are reproducible for a fixed `count`; a different `count` splits the work
/// differently, and since BLAS may round a row differently with a different row count,
/// results can differ by rounding (the bound each splitting site states), never more.
/// Counts above the online cores are capped at them: spinning workers that outnumber the
/// cores would wait for each other's time slices.
public struct ComputeThreads: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The threads a computation may use, at least 1.
    public let count: Int

    /// A count of `count` threads; throws `InvalidThreadCount` below 1.
    public init(count: Int) throws(InvalidThreadCount) {
        guard count >= 1 else { throw InvalidThreadCount(count: count) }
        self.count = count
    }

    /// All online cores (`ComputeThreads.online`).
    public init() { count = Self.processors }

    /// One thread: everything runs on the calling thread.
    public static let single = ComputeThreads(validated: 1)
    /// One thread per online core.
    public static var online: ComputeThreads { ComputeThreads(validated: processors) }

    /// The online processors (at least 1).
    package static let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// The parts a job may run as: `count` capped at the online cores.
    package var usable: Int { min(count, Self.processors) }

    private init(validated count: Int) { self.count = count }

    public var description: String { "\(count) thread\(count == 1 ? "" : "s")" }

    /// Decodes a plain integer, validated like `init(count:)`.
    public init(from decoder: Decoder) throws {
        let count = try decoder.singleValueContainer().decode(Int.self)
        guard count >= 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "thread count must be at least 1, got \(count)"))
        }
        self.count = count
    }

    /// Encodes the count as a plain integer.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(count)
    }
}

/// A thread count below 1.
public struct InvalidThreadCount: Error, CustomStringConvertible {
    /// The rejected count.
    public let count: Int
    public var description: String { "the thread count must be at least 1, got \(count)" }
}
