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
/// named views, plus non-trainable buffers and a set of frozen parameters.
///
/// Layers register their tensors at construction (through a `ParameterScope`), then read
/// them through raw pointers at `entry.offset`. Because the buffers are flat, zeroing
/// gradients, the optimizers, gradient clipping, checkpointing and gradient checks are
/// single loops over `values`/`gradients` (over `trainableRanges` when some parameters are
/// frozen).
///
/// - **Frozen** parameters (`freeze`) keep their values: layers do not accumulate their
///   gradients (those stay zero) and optimizers skip them. A GAN's generator step runs the
///   discriminator's backward with the discriminator frozen.
/// - **Buffers** (`addBuffer`) are state that is saved and loaded with the parameters but
///   never trained (BatchNorm's `running_mean`); they live in `bufferValues`, outside the
///   flat parameter buffer, so optimizers and clipping never see them.
public final class ParameterStore {
    /// All parameter values, in registration order.
    public var values: [Float] = []
    /// `∂loss/∂values`, same layout; layers accumulate (`+=`) into it.
    public var gradients: [Float] = []
    /// The named views, in registration order.
    public private(set) var entries: [ParameterEntry] = []
    /// All buffer values, in registration order (offsets of `bufferEntries` index here).
    public var bufferValues: [Float] = []
    /// The named buffer views, in registration order.
    public private(set) var bufferEntries: [ParameterEntry] = []
    /// Offsets of the frozen parameters' entries.
    private var frozenOffsets: Set<Int> = []

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
    /// - Precondition: `name` is not registered yet (as a parameter or a buffer).
    @discardableResult
    public func add(_ name: String, value: Tensor) -> ParameterEntry {
        precondition(entry(named: name) == nil && buffer(named: name) == nil, "ParameterStore.add: duplicate name '\(name)'")
        let entry = ParameterEntry(name: name, offset: values.count, shape: value.shape)
        values.append(contentsOf: value.scalars)
        gradients.append(contentsOf: repeatElement(0, count: entry.count))
        entries.append(entry)
        return entry
    }

    /// Registers a non-trainable buffer `name` holding `value`.
    ///
    /// - Precondition: `name` is not registered yet (as a parameter or a buffer).
    @discardableResult
    public func addBuffer(_ name: String, value: Tensor) -> ParameterEntry {
        precondition(entry(named: name) == nil && buffer(named: name) == nil, "ParameterStore.addBuffer: duplicate name '\(name)'")
        let entry = ParameterEntry(name: name, offset: bufferValues.count, shape: value.shape)
        bufferValues.append(contentsOf: value.scalars)
        bufferEntries.append(entry)
        return entry
    }

    /// The entry registered under `name`, if any.
    public func entry(named name: String) -> ParameterEntry? {
        entries.first { $0.name == name }
    }

    /// The buffer registered under `name`, if any.
    public func buffer(named name: String) -> ParameterEntry? {
        bufferEntries.first { $0.name == name }
    }

    /// Sets every gradient to zero; with `threads`, in near-equal parts on the worker team
    /// (from 32,768 parameters): when nothing is frozen these are the parts the optimizers
    /// and `DataParallel` split by, so each core zeroes the part it writes next instead of
    /// pulling it from another's cache.
    public func zeroGradients(threads: ComputeThreads = .single) {
        gradients.withUnsafeMutableBufferPointer { g in
            forEachRange(of: g.count, elements: g.count, threads: threads) { first, last in
                (g.baseAddress! + first).update(repeating: 0, count: last - first)
            }
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

    /// A copy of the buffer `entry` as a tensor of its shape.
    public func bufferValue(_ entry: ParameterEntry) -> Tensor {
        Tensor(shape: entry.shape, scalars: Array(bufferValues[entry.range]))
    }

    /// Overwrites the buffer `entry` with `tensor` (same shape).
    public func setBufferValue(_ entry: ParameterEntry, _ tensor: Tensor) {
        precondition(tensor.shape == entry.shape, "ParameterStore.setBufferValue: '\(entry.name)' has shape \(entry.shape), got \(tensor.shape)")
        bufferValues.replaceSubrange(entry.range, with: tensor.scalars)
    }

    // MARK: Replicas

    /// Makes this store (a `DataParallel` replica's, laid out like `source`) read `source`'s
    /// values, buffers and frozen set: the arrays are shared, not copied, until `unshare()`.
    func share(_ source: ParameterStore) {
        values = source.values
        bufferValues = source.bufferValues
        frozenOffsets = source.frozenOffsets
    }

    /// Drops the arrays `share(_:)` borrowed, so the source's next update of its values
    /// finds its buffer unshared and writes it in place.
    func unshare() {
        values = []
        bufferValues = []
    }

    // MARK: Freezing

    /// Freezes (`true`) or unfreezes (`false`) `entries`, which must be parameters of this store.
    public func setFrozen(_ frozen: Bool, _ entries: [ParameterEntry]) {
        for entry in entries {
            precondition(self.entries.contains(entry), "ParameterStore.setFrozen: '\(entry.name)' is not a parameter of this store")
            if frozen { frozenOffsets.insert(entry.offset) } else { frozenOffsets.remove(entry.offset) }
        }
    }

    /// Freezes every parameter of `module`'s subtree (mlx-swift's `freeze()`).
    public func freeze(_ module: any Module) { setFrozen(true, module.parameters()) }

    /// Unfreezes every parameter of `module`'s subtree.
    public func unfreeze(_ module: any Module) { setFrozen(false, module.parameters()) }

    /// Whether `entry` is frozen: its gradient is not accumulated and optimizers skip it.
    public func isFrozen(_ entry: ParameterEntry) -> Bool {
        !frozenOffsets.isEmpty && frozenOffsets.contains(entry.offset)
    }

    /// The flat index ranges of the trainable (not frozen) parameters, adjacent entries
    /// merged: `[0..<count]` when nothing is frozen. Optimizers and clipping loop over these.
    public var trainableRanges: [Range<Int>] {
        guard !frozenOffsets.isEmpty else { return count == 0 ? [] : [0..<count] }
        var ranges: [Range<Int>] = []
        for entry in entries where !frozenOffsets.contains(entry.offset) && entry.count > 0 {
            if let last = ranges.last, last.upperBound == entry.offset {
                ranges[ranges.count - 1] = last.lowerBound..<entry.range.upperBound
            } else {
                ranges.append(entry.range)
            }
        }
        return ranges
    }

    // MARK: State dicts

    /// The parameters and buffers as a name → tensor dictionary (a `state_dict`).
    public func stateDict() -> [String: Tensor] {
        stateDict(prefix: "")
    }

    /// The parameters and buffers whose names start with `prefix.`, with that prefix
    /// removed: the `state_dict` of the sub-model built under `prefix` (`generator` →
    /// `0.weight`, …), which loads alone into a model built at the root. An empty
    /// `prefix` selects everything.
    public func stateDict(prefix: String) -> [String: Tensor] {
        let head = prefix.isEmpty ? "" : prefix + "."
        var dict: [String: Tensor] = [:]
        for entry in entries where entry.name.hasPrefix(head) {
            dict[String(entry.name.dropFirst(head.count))] = value(entry)
        }
        for entry in bufferEntries where entry.name.hasPrefix(head) {
            dict[String(entry.name.dropFirst(head.count))] = bufferValue(entry)
        }
        return dict
    }
}
