import TSForecast
import TSSupport

/// Standard output or standard error, written unbuffered with `write(2)` as Foundation's
/// `FileHandle.standardOutput`/`.standardError` did: each text is out, in the order
/// written, before the call returns. (`print` goes through stdio's buffer instead.)
enum StandardStream {
    case output
    case error

    /// Writes all of `text` (`writeFully`).
    ///
    /// - Throws: `StandardStreamError` with the system's reason, e.g. when the stream is
    ///   closed or the device behind it is full.
    func write(_ text: String) throws(StandardStreamError) {
        let descriptor = self == .output ? STDOUT_FILENO : STDERR_FILENO
        var text = text
        guard text.withUTF8({ writeFully(to: descriptor, UnsafeRawBufferPointer($0)) }) else {
            throw StandardStreamError(stream: self, reason: String(cString: strerror(errno)))
        }
    }
}

/// A failed write to a standard stream: `"standard output: cannot write: <reason>"`.
struct StandardStreamError: Error, CustomStringConvertible {
    /// The stream written to.
    var stream: StandardStream
    /// The system's message for `errno`.
    var reason: String

    var description: String { "\(stream == .output ? "standard output" : "standard error"): cannot write: \(reason)" }
}
