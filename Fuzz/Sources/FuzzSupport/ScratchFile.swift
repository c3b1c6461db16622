#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-process file in `$TMPDIR` (default `/tmp`) that each fuzz input is written to,
/// since the readers under test take paths.
public struct ScratchFile {
    /// The file's path, `<tmp>/tsforecast-fuzz-<name>-<pid>.<ext>`.
    public let path: String

    public init(name: String, extension ext: String) {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        path = "\(directory)/tsforecast-fuzz-\(name)-\(getpid()).\(ext)"
    }

    /// Replaces the file's contents with `bytes`; traps if it cannot (the harness is then
    /// broken, not the code under test).
    public func replace(with bytes: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "ScratchFile: cannot open \(path)")
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            precondition(n > 0, "ScratchFile: cannot write \(path)")
            done += n
        }
        close(fd)
    }
}
