import TSSupport

/// An append-only buffer of trivial values behind a raw pointer, for the reader's hot loop.
///
/// Appending through `UnsafeMutablePointer<GrowableBuffer>` avoids the exclusivity,
/// uniqueness and bounds checks of `Array` inside a class. The memory comes from
/// `malloc` and grows (doubling) by `realloc`, which moves a large block's pages instead of
/// copying them, so growth never holds the old and the new block at once and the unused
/// capacity is never touched (not resident). The owner calls `deallocate()`.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    /// Elements copied per step by `takeArray` before the copied tail is released.
    private static var takePiece: Int { 1 << 18 }

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = Self.resize(nil, to: self.capacity)
    }

    /// `realloc` of `pointer` to `elements` values; out of memory is fatal, as it is for `Array`.
    private static func resize(_ pointer: UnsafeMutablePointer<Element>?, to elements: Int) -> UnsafeMutablePointer<Element> {
        guard let raw = realloc(pointer, elements * MemoryLayout<Element>.stride) else {
            fatalError("GrowableBuffer: out of memory for \(elements) values")
        }
        return raw.bindMemory(to: Element.self, capacity: elements)
    }

    @inline(__always)
    mutating func append(_ x: Element) {
        if count == capacity { grow() }
        base[count] = x
        count += 1
    }

    private mutating func grow() {
        capacity *= 2
        base = Self.resize(base, to: capacity)
    }

    /// Appends every value of `other`.
    mutating func append(contentsOf other: GrowableBuffer) {
        while capacity - count < other.count { grow() }
        (base + count).update(from: other.base, count: other.count)
        count += other.count
    }

    /// Forgets the values, keeping the memory.
    mutating func removeAll() { count = 0 }

    /// The values as an array, releasing the buffer's memory (it is left empty).
    ///
    /// The values are copied from the end in pieces of `takePiece`, and the buffer is
    /// shrunk (`realloc`) past each copied piece, so the column and its copy together
    /// never hold much more than one column: peak ≈ `count + takePiece` values.
    mutating func takeArray() -> [Element] {
        let n = count
        let values = [Element](unsafeUninitializedCapacity: n) { out, initialized in
            var end = n
            while end > 0 {
                let start = max(0, end - Self.takePiece)
                (out.baseAddress! + start).initialize(from: base + start, count: end - start)
                end = start
                base = Self.resize(base, to: max(end, 16))
            }
            initialized = n
        }
        if n > 0 { capacity = 16 }  // the last resize left 16
        count = 0
        return values
    }

    func deallocate() { free(base) }
}
