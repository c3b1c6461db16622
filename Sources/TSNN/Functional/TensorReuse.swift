import TSTensor

extension Tensor {
    /// Gives an output tensor the shape `shape`: its storage is kept (and overwritten by the
    /// operator) when the shape already matches, else replaced by zeros of the new shape.
    mutating func reuse(shape newShape: [Int]) {
        if shape != newShape { self = Tensor(shape: newShape) }
    }
}
