/// Scratch memory of the convolution operators, owned by the caller: buffers grow to the
/// largest problem seen and are reused, so a caller that keeps one workspace per layer (or
/// per thread) allocates nothing after the first call. Not safe to share between threads.
///
/// - `columns`: the im2col matrix `[K, B·L]`, `K = C_in·kH·kW`, `L = outH·outW`.
/// - `rows`: an output-sized matrix `[C_out, B·L]` (the GEMM's layout, channels outermost).
/// - `ones`: a vector of ones for the bias sums.
///
/// After a `conv1dForward`/`conv2dForward` that ran im2col (not the direct kernels,
/// `ConvPlan.isDirect`), `columns` hold the im2col of its input until the workspace's next
/// use; the backward pass may take them instead of rebuilding them (its
/// `columnsFromForward`, ignored where the forward was direct), which `columnsVersion` tells
/// a caller it may.
public final class ConvWorkspace {
    var columns: [Float] = []
    var rows: [Float] = []
    var ones: [Float] = []
    /// Changes on every operator call that uses the buffers: a caller that reads it right
    /// after a forward call and finds it unchanged at the backward call knows that `columns`
    /// still hold that forward's im2col.
    public private(set) var columnsVersion = 0

    /// An empty workspace; buffers grow to the largest call.
    public init() {}

    /// The floats the workspace holds now.
    public var floatCount: Int { columns.count + rows.count + ones.count }

    /// Grows the buffers to at least the given counts (never shrinks them).
    /// Marks the buffers as rewritten (a new `columnsVersion`).
    func markUse() { columnsVersion &+= 1 }

    func reserve(columns columnCount: Int, rows rowCount: Int) {
        if columns.count < columnCount { columns = [Float](repeating: 0, count: columnCount) }
        if rows.count < rowCount { rows = [Float](repeating: 0, count: rowCount) }
    }

    /// At least `count` ones.
    func reserveOnes(_ count: Int) {
        if ones.count < count { ones = [Float](repeating: 1, count: count) }
    }
}
