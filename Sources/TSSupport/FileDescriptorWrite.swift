
/// Writes all of `bytes` to the open file descriptor `fd` with `write(2)`, retrying after
/// `EINTR` and short writes: the one write loop behind `AtomicFileWriter` and the
/// command's standard streams.
///
/// - Returns: `false` when a write failed or wrote nothing; `errno` then tells why.
package func writeFully(to fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var written = 0
    while written < bytes.count {
        let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        written += n
    }
    return true
}
