/// A dense, row-major, contiguous `Float` tensor with value semantics.
///
/// Storage is a Swift `Array`, so copies are cheap until one of them is written
/// (copy-on-write). Shapes are checked with `precondition`s whose message names the
/// operation and the shapes involved; such a failure is a programming error, never a
/// result of user input.
///
/// Element `(i0, i1, …, in)` lives at offset `((i0·d1 + i1)·d2 + …)·dn + in`.
public struct Tensor: Equatable, Sendable {
    /// Sizes of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    ///
    /// Elements may be written in place (`t.scalars[i] = v`), but the array cannot change
    /// length: assigning or mutating it to another count traps naming both counts.
    @inlinable public var scalars: [Float] {
        get { storage }
        set {
            precondition(newValue.count == storage.count, "Tensor.scalars: shape \(shape) holds \(storage.count) scalars, got \(newValue.count)")
            storage = newValue
        }
        _modify {
            let expected = storage.count
            yield &storage
            precondition(storage.count == expected, "Tensor.scalars: shape \(shape) holds \(expected) scalars, got \(storage.count)")
        }
    }
    @usableFromInline var storage: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:): negative dimension in \(shape)")
        self.shape = shape
        self.storage = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` whose elements are left unset, for an operator that writes every
    /// element before anything reads one: it saves the zero fill of `init(shape:)`, a pass
    /// over the whole tensor, on every output an operator allocates.
    package init(overwrittenShape shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(overwrittenShape:): negative dimension in \(shape)")
        let count = shape.reduce(1, *)
        self.shape = shape
        // No element, no buffer: an empty array is the process-wide empty storage, whose
        // count `unsafeUninitializedCapacity` would write, from every thread that asks.
        self.storage = count == 0 ? [] : [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(
            shape.reduce(1, *) == scalars.count,
            "Tensor(shape:scalars:): shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.storage = scalars
    }

    /// Number of elements.
    @inlinable public var count: Int { storage.count }
    /// Number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// Row count of a rank-2 tensor (`shape[0]`).
    public var rows: Int {
        precondition(rank == 2, "Tensor.rows: expected rank 2, got shape \(shape)")
        return shape[0]
    }

    /// Column count of a rank-2 tensor (`shape[1]`).
    public var columns: Int {
        precondition(rank == 2, "Tensor.columns: expected rank 2, got shape \(shape)")
        return shape[1]
    }

    /// The element at a full multi-index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(
            newShape.reduce(1, *) == count,
            "Tensor.reshaped: cannot view shape \(shape) (\(count) elements) as \(newShape)")
        return Tensor(shape: newShape, scalars: scalars)
    }

    /// Row `i` of a rank-2 tensor as a rank-1 tensor `[columns]`.
    public func row(_ i: Int) -> Tensor {
        precondition(rank == 2 && i >= 0 && i < shape[0], "Tensor.row: row \(i) out of range for shape \(shape)")
        let c = shape[1]
        return Tensor(shape: [c], scalars: Array(scalars[(i * c)..<((i + 1) * c)]))
    }

    /// Calls `body` with a read-only pointer to the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements (unique storage first).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    private func offset(of index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor subscript: index \(index) does not match shape \(shape)")
        var flat = 0
        for (i, (k, n)) in zip(index, shape).enumerated() {
            precondition(k >= 0 && k < n, "Tensor subscript: index \(index) out of range for shape \(shape) at dim \(i)")
            flat = flat * n + k
        }
        return flat
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(shape: \(shape), scalars: \(scalars.prefix(8))\(count > 8 ? "…" : ""))" }
}
