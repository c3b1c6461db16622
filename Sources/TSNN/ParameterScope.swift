import TSTensor

/// A naming scope over a `ParameterStore`: composes PyTorch `state_dict` names as a
/// module tree is built (candle's `VarBuilder.pp`).
///
/// ```swift
/// let net = store.scope("net")                 // prefix "net"
/// Linear(inputSize: 3, outputSize: 5, scope: net.child(0), rng: &rng)   // net.0.weight, net.0.bias
/// ```
public struct ParameterScope {
    /// The store parameters are registered in.
    public let store: ParameterStore
    /// The dotted prefix (`""` at the root).
    public let prefix: String

    /// A scope over `store` with `prefix`.
    public init(store: ParameterStore, prefix: String = "") {
        self.store = store
        self.prefix = prefix
    }

    /// The scope of a child module: `prefix.name` (or `name` at the root).
    public func child(_ name: String) -> ParameterScope {
        ParameterScope(store: store, prefix: qualified(name))
    }

    /// The scope of the child at `index` of a sequence (`net.0`).
    public func child(_ index: Int) -> ParameterScope { child(String(index)) }

    /// The full name of `name` in this scope.
    public func qualified(_ name: String) -> String {
        prefix.isEmpty ? name : "\(prefix).\(name)"
    }

    /// Registers the trainable parameter `prefix.name` of `shape`, drawn from `initializer`.
    public func parameter(_ name: String, shape: [Int], initializer: Initializer, rng: inout RandomGenerator) -> ParameterEntry {
        store.add(qualified(name), shape: shape, initializer: initializer, rng: &rng)
    }

    /// Registers the trainable parameter `prefix.name` holding `value`.
    public func parameter(_ name: String, value: Tensor) -> ParameterEntry {
        store.add(qualified(name), value: value)
    }

    /// Registers the non-trainable buffer `prefix.name` holding `value`.
    public func buffer(_ name: String, value: Tensor) -> ParameterEntry {
        store.addBuffer(qualified(name), value: value)
    }
}

extension ParameterStore {
    /// A naming scope over this store with `prefix` (`""`: the root).
    public func scope(_ prefix: String = "") -> ParameterScope {
        ParameterScope(store: self, prefix: prefix)
    }
}
