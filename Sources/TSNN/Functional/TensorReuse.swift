import TSTensor

extension Tensor {
    /// Gives an output tensor the shape `shape`: its storage is kept when the shape already
    /// matches, else replaced by unset storage of the new shape (`init(overwrittenShape:)`);
    /// either way the operator must write every element.
    mutating func reuse(shape newShape: [Int]) {
        if shape != newShape { self = Tensor(overwrittenShape: newShape) }
    }
}
