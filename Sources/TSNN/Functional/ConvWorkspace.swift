/// Scratch memory of the convolution operators, owned by the caller: buffers grow to the
/// largest problem seen and are reused, so a caller that keeps one workspace per layer (or
/// per thread) allocates nothing after the first call. Not safe to share between threads.
///
/// - `columns`: the im2col matrix `[K, B·L]`, `K = C_in·kH·kW`, `L = outH·outW`.
/// - `rows`: an output-sized matrix `[C_out, B·L]` (the GEMM's layout, channels outermost).
/// - `ones`: a vector of ones for the bias sums.
public final class ConvWorkspace {
    var columns: [Float] = []
    var rows: [Float] = []
    var ones: [Float] = []

    /// An empty workspace; buffers grow to the largest call.
    public init() {}

    /// The floats the workspace holds now.
    public var floatCount: Int { columns.count + rows.count + ones.count }

    /// Grows the buffers to at least the given counts (never shrinks them).
    func reserve(columns columnCount: Int, rows rowCount: Int) {
        if columns.count < columnCount { columns = [Float](repeating: 0, count: columnCount) }
        if rows.count < rowCount { rows = [Float](repeating: 0, count: rowCount) }
    }

    /// At least `count` ones.
    func reserveOnes(_ count: Int) {
        if ones.count < count { ones = [Float](repeating: 1, count: count) }
    }
}
