import TSTensor

extension ParameterStore {
    /// Runs `body` on a tensor holding the gradient of `entry` and stores what it leaves
    /// there, so an operator that *accumulates* into a `Tensor` (`dWeight += …`) can write
    /// into the flat gradient buffer. For a frozen `entry` the body runs on zeros and the
    /// result is dropped (frozen gradients stay zero).
    func accumulateGradient(_ entry: ParameterEntry, _ body: (inout Tensor) -> Void) {
        let frozen = isFrozen(entry)
        var tensor = frozen ? Tensor(shape: entry.shape) : gradient(entry)
        body(&tensor)
        if !frozen { gradients.replaceSubrange(entry.range, with: tensor.scalars) }
    }

    /// Like `accumulateGradient(_:_:)` for an optional entry (a bias that may be absent):
    /// the body gets `nil` when `entry` is `nil`.
    func accumulateGradient(_ entry: ParameterEntry?, _ body: (inout Tensor?) -> Void) {
        guard let entry else {
            var none: Tensor? = nil
            body(&none)
            return
        }
        accumulateGradient(entry) { (tensor: inout Tensor) in
            var optional: Tensor? = tensor
            body(&optional)
            tensor = optional!
        }
    }
}
