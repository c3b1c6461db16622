/// Updates the values of a `ParameterStore` from its gradients.
///
/// Each optimizer is one flat loop over `store.values` / `store.gradients`; its state
/// (momentum, moments) lives in the optimizer, sized to the store on the first `step`,
/// so one optimizer serves one store. Frozen parameters (`ParameterStore.freeze`) are
/// skipped: their values and optimizer state stay as they are. `step` does not zero the gradients
/// (call `store.zeroGradients()` before the next backward pass, as in PyTorch).
public protocol Optimizer: AnyObject {
    /// The step size; schedulers set it between steps.
    var learningRate: Float { get set }
    /// Applies one update to `store.values` using `store.gradients`.
    func step(_ store: ParameterStore)
}

/// Allocates `state` (zeros) to `count` on first use and checks it keeps matching the store.
func prepareState(_ op: String, _ state: inout [Float], count: Int) {
    if state.isEmpty { state = [Float](repeating: 0, count: count) }
    precondition(state.count == count, "\(op).step: optimizer state holds \(state.count) parameters, store has \(count)")
}
