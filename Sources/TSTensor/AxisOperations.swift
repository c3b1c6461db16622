/// Operations along one axis or over several axes: concatenation, splitting, sums and the
/// trailing-axes broadcast add that layers built from pieces need (a VAE head split into
/// `μ` and `log σ²`, a GAN batch joined from real and fake rows, a bias over `[B, C, L]`).
///
/// Viewing a shape around `axis` as `[outer, n, inner]` (`outer` = product of the sizes
/// before `axis`, `inner` = after it), a slice along `axis` is `outer` contiguous blocks of
/// `size·inner` scalars, so concatenation and splitting are block copies.
extension Tensor {
    /// `(outer, inner)` around `axis`; traps naming `op` when `axis` is out of range.
    private func blocks(around axis: Int, _ op: String) -> (outer: Int, inner: Int) {
        precondition(axis >= 0 && axis < rank, "\(op): axis \(axis) out of range for shape \(shape)")
        return (shape[..<axis].reduce(1, *), shape[(axis + 1)...].reduce(1, *))
    }

    /// The tensors joined along `axis`: shapes must agree everywhere but at `axis`, where
    /// the result's size is the sum (`[B, 3] ⧺ [B, 5] → [B, 8]` along axis 1).
    public static func concatenate(_ tensors: [Tensor], along axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "Tensor.concatenate: needs at least one tensor")
        let first = tensors[0]
        let (outer, inner) = first.blocks(around: axis, "Tensor.concatenate")
        for t in tensors {
            var expected = t.shape
            if t.rank == first.rank { expected[axis] = first.shape[axis] }
            precondition(expected == first.shape, "Tensor.concatenate: shape \(t.shape) does not match \(first.shape) outside axis \(axis)")
        }
        var shape = first.shape
        shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        var scalars: [Float] = []
        scalars.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for t in tensors {
                let block = t.shape[axis] * inner
                scalars.append(contentsOf: t.storage[(o * block)..<((o + 1) * block)])
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// Pieces of sizes `sizes` along `axis` (`Σ sizes == shape[axis]`), the inverse of
    /// `concatenate`: `[B, 2Z].split(along: 1, sizes: [Z, Z]) → [[B, Z], [B, Z]]`.
    public func split(along axis: Int, sizes: [Int]) -> [Tensor] {
        let (outer, inner) = blocks(around: axis, "Tensor.split")
        precondition(
            sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[axis],
            "Tensor.split: sizes \(sizes) do not add up to \(shape[axis]) along axis \(axis) of \(shape)")
        let block = shape[axis] * inner
        var start = 0
        return sizes.map { size in
            var pieceShape = shape
            pieceShape[axis] = size
            var scalars: [Float] = []
            scalars.reserveCapacity(outer * size * inner)
            for o in 0..<outer {
                let from = o * block + start * inner
                scalars.append(contentsOf: storage[from..<(from + size * inner)])
            }
            start += size
            return Tensor(shape: pieceShape, scalars: scalars)
        }
    }

    /// Sums over `axes`, which are removed from the shape (`[B, C, L]` over `[0, 2]` →
    /// `[C]`, the bias gradient of a convolution). Accumulates in Double. An empty `axes`
    /// returns the tensor unchanged; summing over every axis gives shape `[]`.
    public func sum(alongAxes axes: [Int]) -> Tensor {
        precondition(
            axes.allSatisfy { $0 >= 0 && $0 < rank } && Set(axes).count == axes.count,
            "Tensor.sum(alongAxes:): axes \(axes) invalid for shape \(shape)")
        let kept = (0..<rank).filter { !axes.contains($0) }
        let outShape = kept.map { shape[$0] }
        // The output stride of every input axis (0 for a summed one).
        var strides = [Int](repeating: 0, count: rank)
        var stride = 1
        for axis in kept.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        var totals = [Double](repeating: 0, count: outShape.reduce(1, *))
        var index = [Int](repeating: 0, count: rank)
        var target = 0
        for value in storage {
            totals[target] += Double(value)
            // Advance the multi-index like an odometer, keeping `target` in step.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                target += strides[axis]
                if index[axis] < shape[axis] { break }
                target -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: outShape, scalars: totals.map { Float($0) })
    }

    /// `x + b` with `b` repeated over the leading axes of `x`: `b.shape` must equal the
    /// trailing dimensions of `x.shape` (NumPy broadcasting without size-1 axes), e.g. a
    /// `[H]` row added to every row of `[B, H]`, or a `[C, L]` tensor to every sample of `[B, C, L]`.
    /// Its gradient with respect to `b` is `dy.sum(alongAxes:)` over the leading axes.
    public func adding(broadcast b: Tensor) -> Tensor {
        precondition(
            b.rank <= rank && Array(shape[(rank - b.rank)...]) == b.shape,
            "Tensor.adding(broadcast:): \(b.shape) is not the trailing shape of \(shape)")
        var out = self
        let n = b.count
        guard n > 0 else { return out }
        out.withUnsafeMutableBufferPointer { y in
            b.withUnsafeBufferPointer { bb in
                for start in stride(from: 0, to: y.count, by: n) {
                    Kernels.add(y.baseAddress! + start, bb.baseAddress!, y.baseAddress! + start, n)
                }
            }
        }
        return out
    }
}
