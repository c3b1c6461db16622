
/// Why an atomic write failed: the target `path`, the `step` that failed and the
/// system's `reason` (`strerror`). The target is untouched and the temporary file removed.
public struct AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stage of an atomic write.
    public enum Step: String, Sendable {
        /// Creating the temporary file next to the target (`open`).
        case createTemporary = "create temporary file"
        /// Writing or closing the temporary file.
        case write = "write"
        /// `fsync` of the temporary file.
        case sync = "sync"
        /// Renaming the temporary file over the target.
        case rename = "rename"
    }

    /// The file that was to be written.
    public let path: String
    /// What failed.
    public let step: Step
    /// The system's message for `errno`.
    public let reason: String

    /// `"<path>: cannot write (<step>): <reason>"`.
    public var description: String { "\(path): cannot write (\(step.rawValue)): \(reason)" }
}

/// Writes `data` to `url` so that readers see either the old file or the complete new one.
///
/// The bytes go to a temporary file in the same directory (`.<name>.tmp-<pid>-<random>`),
/// which is `fsync`ed, then `rename`d over `url`; the directory is then synced so the
/// rename survives a crash. On any error the temporary file is removed. New files get mode
/// `0644` less the umask.
///
/// - Throws: `AtomicFileError` naming `url.path`.
package func writeAtomically(_ data: Data, to url: URL) throws {
    let writer = try AtomicFileWriter(url: url)
    try writer.write(data)
    try writer.commit()
}

/// A buffered writer that replaces `url` atomically on `commit()` (see `writeAtomically`),
/// for output too large to build in memory first (CSV forecasts, long traces).
///
/// Nothing is visible at `url` before `commit()`; a writer released without committing,
/// or one whose write failed, removes its temporary file and leaves `url` untouched.
///
///     let out = try AtomicFileWriter(url: csvURL)
///     for row in rows { try out.write(row + "\n") }
///     try out.commit()
package final class AtomicFileWriter {
    /// The file that `commit()` replaces.
    package let url: URL
    /// The temporary file being written, in the same directory as `url`.
    package let temporaryURL: URL

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferSize: Int
    private var finished = false

    /// Creates the temporary file next to `url`; `bufferSize` bytes are collected before
    /// each system write.
    ///
    /// - Throws: `AtomicFileError` (step `.createTemporary`), e.g. when the directory does
    ///   not exist or is not writable.
    package init(url: URL, bufferSize: Int = 1 << 16) throws {
        precondition(bufferSize > 0, "AtomicFileWriter: bufferSize must be positive, got \(bufferSize)")
        self.url = url
        self.bufferSize = bufferSize
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        temporaryURL = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(suffix)", isDirectory: false)
        descriptor = open(temporaryURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFileError(path: url.path, step: .createTemporary, reason: Self.lastError()) }
        buffer.reserveCapacity(bufferSize)
    }

    deinit { abandon() }

    /// Appends the UTF-8 bytes of `string`.
    package func write(_ string: String) throws {
        try append(string.utf8)
    }

    /// Appends `data`.
    package func write(_ data: Data) throws {
        try append(data)
    }

    /// Flushes, syncs and renames the temporary file over `url`.
    ///
    /// - Throws: `AtomicFileError`; the temporary file is then removed and `url` untouched.
    /// - Precondition: neither committed nor abandoned before.
    package func commit() throws {
        precondition(!finished, "AtomicFileWriter.commit: \(url.path) was already committed or abandoned")
        try flush()
        try check(fsync(descriptor) == 0, .sync)
        let closed = close(descriptor)
        descriptor = -1
        try check(closed == 0, .write)
        try check(rename(temporaryURL.path, url.path) == 0, .rename)
        finished = true
        syncDirectory()
    }

    /// Closes and removes the temporary file; `url` is untouched. Does nothing after
    /// `commit()` or a previous `abandon()`.
    package func abandon() {
        guard !finished else { return }
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryURL.path)
    }

    private func append<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        precondition(!finished, "AtomicFileWriter.write: \(url.path) was already committed or abandoned")
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Writes the whole buffer (`writeFully`: retrying on `EINTR` and short writes).
    private func flush() throws {
        try check(buffer.withUnsafeBytes { writeFully(to: descriptor, $0) }, .write)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Throws an `AtomicFileError` for `step` (and abandons) unless `ok`.
    private func check(_ ok: Bool, _ step: AtomicFileError.Step) throws {
        guard !ok else { return }
        let error = AtomicFileError(path: url.path, step: step, reason: Self.lastError())
        abandon()
        throw error
    }

    /// Best effort: some file systems cannot sync a directory, and the data itself is
    /// already durable.
    private func syncDirectory() {
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { return }
        fsync(directory)
        close(directory)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
