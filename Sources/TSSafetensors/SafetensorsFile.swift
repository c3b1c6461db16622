import TSSupport
import TSTensor

/// Named Float32 tensors plus string metadata, stored in the safetensors format
/// (see `SafetensorsHeader` for the layout) that `safetensors.torch.save_file` writes and
/// `safetensors.torch.load_file` reads.
///
/// Reading accepts F32, F64, F16 and BF16 tensors (converted to `Float`) and validates the
/// whole file first: any malformed input throws a `ModelFileError` naming the file, never
/// traps. Writing stores F32 only, tensors in name order, so equal contents give equal
/// bytes; a file with a single metadata key is byte-identical to `save_file`'s output.
///
///     var file = SafetensorsFile(tensors: ["head.weight": w], metadata: ["format": "pt"])
///     try file.write(to: url)
///     let w2 = try SafetensorsFile.read(from: url).tensor("head.weight", shape: [1, 32])
public struct SafetensorsFile: Sendable {
    /// The tensors by name (PyTorch `state_dict` names, e.g. `lstm.weight_ih_l0`).
    public var tensors: [String: Tensor]
    /// The `__metadata__` map: free-form string keys and values.
    public var metadata: [String: String]
    /// Where the tensors were read from (`"<memory>"` when constructed or decoded from
    /// bytes); errors of `tensor(_:shape:)` name it.
    public var path: String

    /// A file with `tensors` and `metadata`, not yet written anywhere.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.path = "<memory>"
    }

    /// Files larger than this (4 GiB) are refused before anything is read: reading holds
    /// the whole file in memory, and tsforecast models are kilobytes to megabytes.
    public static let maxFileBytes = 1 << 32

    /// Reads and validates the safetensors file at `url`.
    ///
    /// - Throws: `ModelFileError` naming `url.path` (unreadable file, larger than
    ///   `maxFileBytes`, bad header, bad dtype, offsets not tiling the data section, …).
    public static func read(from url: URL) throws -> SafetensorsFile {
        // Sizes checked before reading (`PathKind.regularFileSize`): an empty file is too
        // short, a file past the limit is not read.
        if let size = PathKind.regularFileSize(url.path) {
            if size > maxFileBytes { throw ModelFileError.fileTooLarge(path: url.path, size: size, limit: maxFileBytes) }
            if size < 8 { throw ModelFileError.fileTooShort(path: url.path, size: size) }
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelFileError.unreadable(path: url.path, reason: readFailureDescription(error))
        }
        return try decode(data, path: url.path)
    }

    /// Parses and validates the bytes of a safetensors file; `path` names it in errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> SafetensorsFile {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws(ModelFileError) -> SafetensorsFile in
            guard raw.count >= 8 else { throw .fileTooShort(path: path, size: raw.count) }
            let headerLength = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            guard headerLength <= UInt64(SafetensorsHeader.maxLength) else {
                throw .headerTooLarge(path: path, headerLength: headerLength, limit: SafetensorsHeader.maxLength)
            }
            guard headerLength <= UInt64(raw.count - 8) else {
                throw .headerBeyondFile(path: path, headerLength: headerLength, fileSize: raw.count)
            }
            let dataStart = 8 + Int(headerLength)
            let header = try SafetensorsHeader.parse(
                Array(raw[8..<dataStart]), dataSize: raw.count - dataStart, path: path)
            try verifyChecksum(header.metadata, data: UnsafeRawBufferPointer(rebasing: raw[dataStart...]), path: path)
            var file = SafetensorsFile(metadata: header.metadata)
            file.path = path
            for e in header.entries {
                let count = (e.end - e.begin) / e.dtype.byteSize
                file.tensors[e.name] = Tensor(shape: e.shape, scalars: e.dtype.decode(raw, offset: dataStart + e.begin, count: count))
            }
            return file
        }
    }

    /// The file's bytes: header (`SafetensorsHeader.encode`) and the tensors' scalars as
    /// little-endian F32, in name order. With `checksum` the metadata gets the data
    /// section's `checksumKey` (see `SafetensorsChecksum`); without it any `checksumKey`
    /// already in `metadata` is dropped, as it may no longer match the tensors.
    ///
    /// - Precondition: no tensor is named `__metadata__`.
    public func encoded(checksum: Bool = false) -> Data {
        precondition(
            tensors[SafetensorsHeader.metadataKey] == nil,
            "SafetensorsFile.encoded: '\(SafetensorsHeader.metadataKey)' is reserved and cannot name a tensor")
        let sorted = tensors.sorted { $0.key < $1.key }
        let ordered = sorted.map(\.value)
        var payload = [UInt8](repeating: 0, count: 4 * ordered.reduce(0) { $0 + $1.count })
        payload.withUnsafeMutableBytes { out in
            var offset = 0
            for tensor in ordered {
                tensor.withUnsafeBufferPointer { scalars in
                    for x in scalars {
                        out.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
                        offset += 4
                    }
                }
            }
        }
        var metadata = metadata
        metadata[Self.checksumKey] = checksum ? payload.withUnsafeBytes(Self.checksumText) : nil
        let header = SafetensorsHeader.encode(names: sorted.map(\.key), shapes: ordered.map(\.shape), metadata: metadata)
        var data = Data(capacity: 8 + header.count + payload.count)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        data.append(contentsOf: payload)
        return data
    }

    /// Writes `encoded(checksum:)` to `url` atomically (`writeAtomically`): readers see
    /// either the old file or the complete new one.
    ///
    /// - Throws: `AtomicFileError` naming `url.path`.
    public func write(to url: URL, checksum: Bool = false) throws {
        try writeAtomically(encoded(checksum: checksum), to: url)
    }

    /// The tensor `name`, which must have exactly `shape`.
    ///
    /// - Throws: `ModelFileError.missingTensor` (listing the names present) or
    ///   `.shapeMismatch`, both naming `path`.
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        guard let t = tensors[name] else {
            throw ModelFileError.missingTensor(path: path, name: name, available: tensors.keys.sorted())
        }
        guard t.shape == shape else {
            throw ModelFileError.shapeMismatch(path: path, name: name, expected: shape, actual: t.shape)
        }
        return t
    }
}
