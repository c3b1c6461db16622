import TSTensor

/// Where one named parameter tensor lives inside a `ParameterStore`.
///
/// Names follow PyTorch's `state_dict` (`fc1.weight`, `lstm.weight_ih_l0`); weights are
/// stored `[out, in]` row-major, exactly as PyTorch stores them.
public struct ParameterEntry: Sendable, Equatable {
    /// The `state_dict` name.
    public let name: String
    /// Offset of the first element in the store's flat buffers.
    public let offset: Int
    /// The tensor shape, e.g. `[out, in]` for a weight.
    public let shape: [Int]
    /// Element count (`shape.product`).
    public var count: Int { shape.reduce(1, *) }
    /// The flat index range this parameter occupies.
    public var range: Range<Int> { offset..<(offset + count) }
}

/// One model's parameters: one contiguous buffer of values and one of gradients, with
/// named views.
///
/// Layers register their tensors at construction (`add`), then read them through raw
/// pointers at `entry.offset`. Because the buffers are flat, zeroing gradients, the
/// optimizers, gradient clipping, checkpointing and gradient checks are single loops
/// over `values`/`gradients`.
public final class ParameterStore {
    /// All parameter values, in registration order.
    public var values: [Float] = []
    /// `∂loss/∂values`, same layout; layers accumulate (`+=`) into it.
    public var gradients: [Float] = []
    /// The named views, in registration order.
    public private(set) var entries: [ParameterEntry] = []

    /// An empty store.
    public init() {}

    /// Total number of scalar parameters.
    public var count: Int { values.count }

    /// Registers a parameter `name` of `shape`, filled by `initializer`.
    ///
    /// - Precondition: `name` is not registered yet.
    @discardableResult
    public func add(
        _ name: String, shape: [Int], initializer: Initializer, rng: inout RandomGenerator
    ) -> ParameterEntry {
        add(name, value: Tensor(shape: shape, scalars: initializer.values(count: shape.reduce(1, *), rng: &rng)))
    }

    /// Registers a parameter `name` with the shape and initial values of `value`.
    ///
    /// - Precondition: `name` is not registered yet.
    @discardableResult
    public func add(_ name: String, value: Tensor) -> ParameterEntry {
        precondition(entry(named: name) == nil, "ParameterStore.add: duplicate parameter name '\(name)'")
        let entry = ParameterEntry(name: name, offset: values.count, shape: value.shape)
        values.append(contentsOf: value.scalars)
        gradients.append(contentsOf: repeatElement(0, count: entry.count))
        entries.append(entry)
        return entry
    }

    /// The entry registered under `name`, if any.
    public func entry(named name: String) -> ParameterEntry? {
        entries.first { $0.name == name }
    }

    /// Sets every gradient to zero.
    public func zeroGradients() {
        gradients.withUnsafeMutableBufferPointer { g in
            g.update(repeating: 0)
        }
    }

    /// A copy of the values of `entry` as a tensor of its shape.
    public func value(_ entry: ParameterEntry) -> Tensor {
        Tensor(shape: entry.shape, scalars: Array(values[entry.range]))
    }

    /// A copy of the gradient of `entry` as a tensor of its shape.
    public func gradient(_ entry: ParameterEntry) -> Tensor {
        Tensor(shape: entry.shape, scalars: Array(gradients[entry.range]))
    }

    /// Overwrites the values of `entry` with `tensor` (same shape).
    public func setValue(_ entry: ParameterEntry, _ tensor: Tensor) {
        precondition(tensor.shape == entry.shape, "ParameterStore.setValue: '\(entry.name)' has shape \(entry.shape), got \(tensor.shape)")
        values.replaceSubrange(entry.range, with: tensor.scalars)
    }

    /// The values as a name → tensor dictionary (a `state_dict`).
    public func stateDict() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.name, value($0)) })
    }
}
