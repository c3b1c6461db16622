extension CSVReader {
    /// The file name of `path` without directory and extension: what names a series
    /// (`TimeSeries.name`) and a batch run's outputs. The extension starts at the last `.`
    /// of the name unless that `.` begins it (`dir/.csv` stays `.csv`; `a.b.csv` gives
    /// `a.b`; `data.` gives `data`), as Foundation's `deletingPathExtension`, which
    /// FoundationEssentials lacks, does for a file name.
    package static func stem(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
