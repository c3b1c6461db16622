/// The rows `lower..<upper`, or none when `upper ≤ lower` (a segment shorter than the
/// history a window needs).
func rows(from lower: Int, to upper: Int) -> Range<Int> {
    lower..<max(lower, upper)
}
