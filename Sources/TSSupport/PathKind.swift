/// What a path names, from `stat(2)` (symbolic links followed).
///
/// The portable way to ask whether a path is a directory: `FileManager.fileExists(atPath:isDirectory:)`
/// takes a `Bool` pointer in FoundationEssentials and an `ObjCBool` pointer in Foundation.
package enum PathKind: Equatable {
    /// Nothing there, or not reachable.
    case missing
    /// A directory.
    case directory
    /// A file, device, socket or pipe.
    case other

    /// The kind of `path`.
    package init(of path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .missing
            return
        }
        self = info.st_mode & S_IFMT == S_IFDIR ? .directory : .other
    }

    /// The size in bytes of the regular file at `path`, or `nil` for anything else (missing,
    /// a directory, a pipe, a device).
    ///
    /// Readers check it before `Data(contentsOf:)`, which leaks its 4 KiB read buffer on an
    /// empty file in FoundationEssentials (found by the fuzzer) and would read a file past a
    /// stated limit whole.
    package static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
