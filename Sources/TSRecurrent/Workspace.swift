import TSTensor

/// A reusable raw `Float` buffer: grows on demand, never shrinks, keeps a stable pointer
/// between calls that need no more room. Contents are not initialised by `reserve`.
///
/// The buffer starts on a cache line (64 bytes), so rows whose length is a multiple of 16
/// floats are line-aligned: the gate kernels' 8-float loads never straddle two lines, and
/// two row chunks written by different threads never share one.
final class Workspace {
    static let alignment = 64
    private(set) var pointer: UnsafeMutablePointer<Float>
    private var capacity: Int

    init() {
        capacity = 1
        pointer = Self.allocate(1)
    }

    deinit { pointer.deallocate() }

    /// A pointer to at least `count` floats (reallocating only when `count` exceeds the capacity).
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = Self.allocate(count)
        }
        return pointer
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: alignment)
            .bindMemory(to: Float.self, capacity: count)
    }
}

extension Workspace {
    /// Copies `tensor`'s elements into the buffer and returns its pointer.
    func load(_ tensor: Tensor) -> MutableFloatPointer {
        let p = reserve(tensor.count)
        tensor.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: tensor.count) }
        return p
    }

    /// Sets the first `count` floats to zero and returns the pointer.
    func zeroed(_ count: Int) -> MutableFloatPointer {
        let p = reserve(count)
        p.update(repeating: 0, count: count)
        return p
    }

    /// A tensor of `shape` holding a copy of the first `shape.product` floats.
    func tensor(shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: pointer, count: shape.reduce(1, *))))
    }
}
