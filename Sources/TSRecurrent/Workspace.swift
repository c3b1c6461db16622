import TSTensor

/// A reusable raw `Float` buffer: grows on demand, never shrinks, keeps a stable pointer
/// between calls that need no more room. Contents are not initialised by `reserve`.
final class Workspace {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private var capacity: Int

    init() {
        capacity = 1
        pointer = .allocate(capacity: 1)
    }

    deinit { pointer.deallocate() }

    /// A pointer to at least `count` floats (reallocating only when `count` exceeds the capacity).
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
        }
        return pointer
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
