import TSTensor

/// The fewest elements a memory-bound pass (im2col, col2im, a reordering, batch norm,
/// pooling) must touch to be split over the worker team: below it, starting the workers
/// costs about what the second thread saves.
let minimumSplitElements = 1 << 15

/// Runs `body(first, last)` over consecutive ranges covering `0..<count`: `min(threads.usable,
/// count)` near-equal ranges in parallel on the worker team when the pass touches at least
/// `minimumSplitElements` elements, else `body(0, count)` once on the calling thread. The
/// callers' ranges write disjoint outputs and compute each output the same way whatever the
/// range, so the results do not depend on the thread count.
func forEachRange(of count: Int, elements: Int, threads: ComputeThreads, _ body: (Int, Int) -> Void) {
    let parts = elements < minimumSplitElements ? 1 : min(threads.usable, count)
    if parts <= 1 { return body(0, count) }
    WorkerTeam.shared.run(count: parts) { p in body(p * count / parts, (p + 1) * count / parts) }
}

/// Runs `body` on each run of flat indices that the part `[first, last)` of the
/// concatenation of `ranges` covers, in order: the pieces of the trainable parameters
/// (`ParameterStore.trainableRanges`) that one part of an optimizer step or of a gradient
/// sum handles.
func forEachPiece(of ranges: [Range<Int>], from first: Int, to last: Int, _ body: (Range<Int>) -> Void) {
    var before = 0  // elements in the ranges already passed
    for range in ranges {
        let lo = max(first - before, 0), hi = min(last - before, range.count)
        before += range.count
        if lo < hi { body((range.lowerBound + lo)..<(range.lowerBound + hi)) }
    }
}
