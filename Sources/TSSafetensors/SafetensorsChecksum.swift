/// The checksum of a safetensors file's tensor data, kept in its `__metadata__`.
///
/// `"checksum": "crc32c:89abcdef"` is the CRC-32C (`CRC32C`) of the whole data section
/// (every byte after the header, i.e. all tensors as stored), as 8 lowercase hex digits.
/// CRC-32C rather than SHA-256 because the threat is accidental corruption (bit rot, a
/// truncated copy, a bad disk), not an attacker: whoever can change the tensors can rewrite
/// an unsigned digest beside them, so a cryptographic hash would buy nothing but cost. The
/// CRC catches every flip of up to 32 adjacent bits, runs at memory speed in a few lines of
/// Swift, and needs no dependency. Readers that do not know the key ignore it (it is plain
/// metadata), so checksummed files stay ordinary safetensors files.
extension SafetensorsFile {
    /// The `__metadata__` key of the checksum.
    public static let checksumKey = "checksum"
    /// The algorithm prefix of the checksum's value.
    static let checksumAlgorithm = "crc32c:"

    /// `"crc32c:"` and the 8 lowercase hex digits of the CRC-32C of `data`.
    static func checksumText(_ data: UnsafeRawBufferPointer) -> String {
        let hex = String(CRC32C.checksum(data), radix: 16)
        return checksumAlgorithm + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Checks `data` (the data section) against `metadata[checksumKey]`; a file without
    /// the key passes unchecked.
    ///
    /// - Throws: `ModelFileError.invalidHeader` for a value that is not `crc32c:` and 8
    ///   hex digits, `.checksumMismatch` when the data does not match it.
    static func verifyChecksum(
        _ metadata: [String: String], data: UnsafeRawBufferPointer, path: String
    ) throws(ModelFileError) {
        guard let stored = metadata[checksumKey] else { return }
        let digits = stored.dropFirst(checksumAlgorithm.count)
        guard stored.hasPrefix(checksumAlgorithm), digits.count == 8, UInt32(digits, radix: 16) != nil else {
            throw .invalidHeader(
                path: path, reason: "metadata \"\(checksumKey)\" is '\(stored)'; expected '\(checksumAlgorithm)' and 8 hex digits")
        }
        let computed = checksumText(data)
        guard computed == stored.lowercased() else {
            throw .checksumMismatch(path: path, stored: stored, computed: computed)
        }
    }
}
