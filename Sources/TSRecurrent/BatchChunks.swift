import TSSupport
import TSTensor

/// The recurrences' threading policy: the rows of a batch are independent through time,
/// so with `N = BLAS.threads > 1` the step loop runs as `N` whole-sequence chunks of rows
/// in parallel, each with single-threaded GEMMs, instead of one loop whose small per-step
/// GEMMs are split by OpenBLAS and whose element-wise gate passes run on one thread.
/// The GEMMs outside the step loop are split the same way (by output rows), so OpenBLAS
/// stays single-threaded for the whole pass: its idle workers would otherwise spin
/// (`sched_yield`) for a long while after each threaded call and take cycles from the
/// chunks.
enum BatchChunks {
    /// The fewest rows worth a chunk of their own.
    static let minimumRows = 16
    /// The smallest step (`B·H` state elements) worth splitting: below it waking the
    /// workers costs about as much as the parallel part saves.
    static let minimumElements = 1024

    /// The online processors: more chunks than cores would make `WorkerTeam`'s spinning
    /// workers wait for each other's time slices.
    static let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// How many chunks a step loop over `batch` rows of `hidden` units runs as:
    /// `N = min(BLAS.threads, processors)`, or fewer when the batch is smaller than
    /// `N·minimumRows`, or 1 when the step is smaller than `minimumElements`.
    static func count(batch: Int, hidden: Int) -> Int {
        batch * hidden < minimumElements ? 1 : max(1, min(BLAS.threads, processors, batch / minimumRows))
    }

    /// Calls `body(c, rows)` for chunk `c < chunks` and its consecutive row range (the
    /// ranges cover `0..<batch`, near-equal): in parallel with OpenBLAS set to one thread
    /// meanwhile (then restored), or on the calling thread when `chunks = 1`.
    /// Results are reproducible for a fixed chunk count (sums a body accumulates per chunk
    /// are added in chunk order); a different split may round a row differently, since
    /// BLAS's result for a row can depend on the row count of the call.
    static func forEach(chunks: Int, batch: Int, _ body: (Int, Range<Int>) -> Void) {
        if chunks <= 1 { return body(0, 0..<batch) }
        let threads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(threads) }
        WorkerTeam.shared.run(count: chunks) { c in
            body(c, (c * batch / chunks)..<((c + 1) * batch / chunks))
        }
    }
}
