extension String {
    /// `self` followed by spaces up to `width` characters, unchanged when it is already that
    /// long: a left-aligned cell of a text table. Replaces Foundation's
    /// `padding(toLength:withPad:startingAt:)`, which FoundationEssentials lacks, for
    /// cells no wider than the column (it never truncates).
    ///
    ///     "lstm".padded(to: 6) + "|"   // "lstm  |"
    package func padded(to width: Int) -> String {
        let length = count
        return length >= width ? self : self + String(repeating: " ", count: width - length)
    }
}
