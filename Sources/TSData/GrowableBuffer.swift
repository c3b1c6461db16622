/// An append-only buffer of trivial values behind a raw pointer, for the reader's hot loop.
///
/// Appending through `UnsafeMutablePointer<GrowableBuffer>` avoids the exclusivity,
/// uniqueness and bounds checks of `Array` inside a class. The owner calls `free()`.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ x: Element) {
        if count == capacity { grow() }
        base[count] = x
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// Appends every value of `other`.
    mutating func append(contentsOf other: GrowableBuffer) {
        while capacity - count < other.count { grow() }
        (base + count).update(from: other.base, count: other.count)
        count += other.count
    }

    /// Forgets the values, keeping the memory.
    mutating func removeAll() { count = 0 }

    /// The values as an array.
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The values as an array, releasing the buffer's memory (it is left empty), so a
    /// large column is never held twice for longer than the copy.
    mutating func takeArray() -> [Element] {
        let values = array
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        count = 0
        return values
    }

    func free() { base.deallocate() }
}
