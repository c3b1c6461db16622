extension StringProtocol {
    /// `self` without the leading and trailing Unicode scalars for which `isTrimmed` holds;
    /// `""` when every scalar does. Works on scalars, as Foundation's
    /// `trimmingCharacters(in:)` (which FoundationEssentials lacks) does, so a combining mark
    /// after a trimmed scalar stays.
    ///
    ///     "\u{FEFF}\"date\"".trimming { "\u{FEFF}\"".unicodeScalars.contains($0) }   // "date"
    package func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(Substring(scalars[first...last]))
    }

    /// `self` without leading and trailing blanks: tabs, space separators (Unicode category
    /// Zs, e.g. U+0020, U+00A0) and U+200B (zero width space), but not line breaks. The
    /// same set as Foundation's `CharacterSet.whitespaces`.
    package func trimmingBlanks() -> String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }
}
