import TSTensor

/// The recurrences' threading policy: the rows of a batch are independent through time,
/// so with `N = threads.count > 1` (the caller's `ComputeThreads`) the step loop runs as
/// `N` whole-sequence chunks of rows in parallel on the worker team, each with
/// single-threaded GEMMs (OpenBLAS is held at one thread), instead of one loop whose small
/// per-step GEMMs would be split and whose element-wise gate passes run on one thread.
/// The GEMMs outside the step loop are split the same way (by output rows).
enum BatchChunks {
    /// The fewest rows worth a chunk of their own.
    static let minimumRows = 16
    /// The smallest step (`B·H` state elements) worth splitting: below it waking the
    /// workers costs about as much as the parallel part saves.
    static let minimumElements = 1024

    /// How many chunks a step loop over `batch` rows of `hidden` units runs as:
    /// `N = threads.usable` (the count capped at the online cores), or fewer when the batch
    /// is smaller than `N·minimumRows`, or 1 when the step is smaller than `minimumElements`.
    static func count(batch: Int, hidden: Int, threads: ComputeThreads) -> Int {
        batch * hidden < minimumElements ? 1 : max(1, min(threads.usable, batch / minimumRows))
    }

    /// Calls `body(c, rows)` for chunk `c < chunks` and its consecutive row range (the
    /// ranges cover `0..<batch`, near-equal): in parallel on the worker team, or on the
    /// calling thread when `chunks = 1` (or when the team is busy with another region).
    /// Results are reproducible for a fixed chunk count (sums a body accumulates per chunk
    /// are added in chunk order); a different split may round a row differently, since
    /// BLAS's result for a row can depend on the row count of the call.
    static func forEach(chunks: Int, batch: Int, _ body: (Int, Range<Int>) -> Void) {
        if chunks <= 1 { return body(0, 0..<batch) }
        WorkerTeam.shared.run(count: chunks) { c in
            body(c, (c * batch / chunks)..<((c + 1) * batch / chunks))
        }
    }
}
