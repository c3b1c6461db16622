import Dispatch
import TSTensor

/// The recurrences' threading policy: the rows of a batch are independent through time,
/// so with `N = BLAS.threads > 1` the step loop runs as `N` whole-sequence chunks of rows
/// in parallel, each with single-threaded GEMMs, instead of one loop whose small per-step
/// GEMMs are split by OpenBLAS and whose element-wise gate passes run on one thread.
/// The large GEMMs outside the step loop keep OpenBLAS's `N` threads.
enum BatchChunks {
    /// The fewest rows worth a chunk of their own.
    static let minimumRows = 16
    /// The smallest step (`B·H` state elements) worth splitting: below it waking the
    /// workers costs about as much as the parallel part saves.
    static let minimumElements = 8192

    /// Calls `body(rows)` for consecutive row ranges covering `0..<batch`: `N` ranges in
    /// parallel (OpenBLAS set to one thread meanwhile, then restored), or the whole batch
    /// on the calling thread when `N = 1`, the batch is smaller than `N·minimumRows` or
    /// the step smaller than `minimumElements`.
    /// Results do not depend on the split: every row is computed by the same operations.
    static func forEach(batch: Int, hidden: Int, _ body: (Range<Int>) -> Void) {
        let threads = BLAS.threads
        let chunks = batch * hidden < minimumElements ? 1 : min(threads, batch / minimumRows)
        if chunks <= 1 { return body(0..<batch) }
        BLAS.setThreads(1)
        defer { BLAS.setThreads(threads) }
        // `concurrentPerform` returns only when every chunk is done and the chunks touch
        // disjoint rows, so handing the non-escaping `body` to its workers is safe.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                body((c * batch / chunks)..<((c + 1) * batch / chunks))
            }
        }
    }
}
