import TSTensor

extension Tensor {
    /// The rows `indices` of a rank-2 tensor `[N, D]`, in that order: `[indices.count, D]`
    /// (a mini-batch of samples).
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        precondition(rank == 2, "gatheringRows: expected a rank-2 tensor, got \(shape)")
        let width = shape[1]
        var scalars: [Float] = []
        scalars.reserveCapacity(indices.count * width)
        withUnsafeBufferPointer { p in
            for i in indices {
                precondition(i >= 0 && i < shape[0], "gatheringRows: row \(i) outside 0..<\(shape[0])")
                scalars.append(contentsOf: p[(i * width)..<((i + 1) * width)])
            }
        }
        return Tensor(shape: [indices.count, width], scalars: scalars)
    }
}
