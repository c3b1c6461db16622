import TSTensor

/// A read-only `Float` pointer.
typealias FloatPointer = UnsafePointer<Float>
/// A mutable `Float` pointer.
typealias MutableFloatPointer = UnsafeMutablePointer<Float>

/// The fused element-wise gate passes of one time step (`CellForward.swift`,
/// `CellBackward.swift`), eight hidden units at a time.
///
/// Row-major step slices: gate tensors `[B, G·H]` (gate block `k` of row `b` starts at
/// `b·G·H + k·H`), states `[B, H]`. The matrix products around them (`W_hh h`,
/// `dG·W_hh`) are the sequence driver's GEMMs.
enum CellKernels {
    /// Calls `body(row, column, width)` for every row `b < batch` and every group of
    /// `width ≤ 8` hidden units starting at `column`. Full groups pass the literal 8, so
    /// the inlined body compiles to straight vector loads and stores; only a last partial
    /// group per row takes the partial-width branch.
    @inline(__always)
    static func forEachLane(batch: Int, hidden: Int, _ body: (Int, Int, Int) -> Void) {
        let full = hidden & ~7
        for b in 0..<batch {
            var j = 0
            while j < full {
                body(b, j, 8)
                j += 8
            }
            if full < hidden { body(b, full, hidden - full) }
        }
    }
}
