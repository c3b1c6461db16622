/// The validated JSON header of a safetensors file.
///
/// Layout of the file (huggingface/safetensors, `README.md`, "Format"):
///
///     [0, 8)        N: UInt64, little-endian
///     [8, 8+N)      UTF-8 JSON object, may be padded at the end with spaces (0x20)
///                   {"__metadata__": {"k": "v", …},                     (optional, strings only)
///                    "name": {"dtype": "F32", "shape": [d0, …],
///                             "data_offsets": [begin, end]}, …}
///     [8+N, size)   data section; offsets are relative to its start
///
/// The tensors must cover the data section exactly: sorted by offset, the first begins at
/// 0, each begins where the previous ends, the last ends at the end of the file.
struct SafetensorsHeader {
    /// One tensor's header entry.
    struct Entry {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    /// The entries, sorted by `begin` (then `end`).
    let entries: [Entry]
    /// The `__metadata__` map (empty when absent).
    let metadata: [String: String]

    /// The name of the optional metadata member.
    static let metadataKey = "__metadata__"
    /// Header lengths above this are rejected before anything is allocated (the upstream
    /// reader's limit too).
    static let maxLength = 100_000_000

    /// Validates the header JSON `bytes` against a data section of `dataSize` bytes.
    static func parse(_ bytes: [UInt8], dataSize: Int, path: String) throws(ModelFileError) -> SafetensorsHeader {
        func invalid(_ reason: String) -> ModelFileError { .invalidHeader(path: path, reason: reason) }
        guard String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes) else { throw invalid("not valid UTF-8") }
        guard bytes.first == UInt8(ascii: "{") else { throw invalid("does not start with '{'") }
        let members: [(key: String, value: SafetensorsJSON)]
        switch SafetensorsJSON.parse(bytes) {
        case .failure(let e): throw invalid("\(e.message) at byte \(e.offset) of the header")
        case .success(.object(let m)): members = m
        case .success: throw invalid("not a JSON object")
        }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (key, value) in members {
            if key == metadataKey {
                metadata = try parseMetadata(value, invalid: invalid)
            } else {
                entries.append(try parseEntry(name: key, value, path: path))
            }
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        try checkCoverage(entries, dataSize: dataSize, path: path)
        return SafetensorsHeader(entries: entries, metadata: metadata)
    }

    private static func parseMetadata(
        _ value: SafetensorsJSON, invalid: (String) -> ModelFileError
    ) throws(ModelFileError) -> [String: String] {
        guard case .object(let members) = value else { throw invalid("\"\(metadataKey)\" is not an object") }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else { throw invalid("metadata value of \"\(key)\" is not a string") }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(name: String, _ value: SafetensorsJSON, path: String) throws(ModelFileError) -> Entry {
        func invalid(_ reason: String) -> ModelFileError { .invalidHeader(path: path, reason: "tensor '\(name)': \(reason)") }
        guard case .object(let members) = value else { throw invalid("entry is not an object") }
        func field(_ key: String) throws(ModelFileError) -> SafetensorsJSON {
            guard let v = members.first(where: { $0.key == key })?.value else { throw invalid("no \"\(key)\"") }
            return v
        }
        func integers(_ key: String) throws(ModelFileError) -> [Int] {
            guard case .array(let items) = try field(key) else { throw invalid("\"\(key)\" is not an array") }
            var result: [Int] = []
            for item in items {
                guard let n = item.nonNegativeInt else { throw invalid("\"\(key)\" holds a value that is not a non-negative integer") }
                result.append(n)
            }
            return result
        }
        guard case .string(let dtypeName) = try field("dtype") else { throw invalid("\"dtype\" is not a string") }
        let shape = try integers("shape")
        let offsets = try integers("data_offsets")
        guard offsets.count == 2 else { throw invalid("\"data_offsets\" must hold two integers, has \(offsets.count)") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw .unsupportedDType(path: path, tensor: name, dtype: dtypeName)
        }
        guard offsets[0] <= offsets[1] else {
            throw .invalidOffsets(path: path, tensor: name, reason: "data_offsets \(offsets) end before they begin")
        }
        var expected = dtype.byteSize
        for d in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: d)
            guard !overflow else { throw invalid("shape \(shape) is too large") }
            expected = product
        }
        guard expected == offsets[1] - offsets[0] else {
            throw .byteCountMismatch(path: path, tensor: name, shape: shape, dtype: dtypeName, byteCount: offsets[1] - offsets[0])
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// Sorted entries must tile `[0, dataSize)` with no gap and no overlap.
    private static func checkCoverage(_ entries: [Entry], dataSize: Int, path: String) throws(ModelFileError) {
        var position = 0
        for e in entries {
            guard e.end <= dataSize else {
                throw .invalidOffsets(
                    path: path, tensor: e.name,
                    reason: "data_offsets [\(e.begin), \(e.end)] run past the \(dataSize)-byte data section")
            }
            guard e.begin == position else {
                let what = e.begin > position ? "leave a gap after byte \(position)" : "overlap the tensor ending at byte \(position)"
                throw .invalidOffsets(path: path, tensor: e.name, reason: "data_offsets [\(e.begin), \(e.end)] \(what)")
            }
            position = e.end
        }
        guard position == dataSize else { throw .trailingBytes(path: path, dataSize: dataSize, used: position) }
    }

    /// The header bytes for F32 tensors of `shapes` (in this order, laid out contiguously)
    /// and `metadata`: compact JSON as `safetensors.torch.save_file` writes it —
    /// `__metadata__` first (omitted when empty, its keys sorted), then the tensors — padded
    /// with spaces so that `8 + N` is a multiple of 8.
    static func encode(names: [String], shapes: [[Int]], metadata: [String: String]) -> [UInt8] {
        var parts: [String] = []
        if !metadata.isEmpty {
            let members = metadata.keys.sorted().map { SafetensorsJSON.quoted($0) + ":" + SafetensorsJSON.quoted(metadata[$0] ?? "") }
            parts.append(SafetensorsJSON.quoted(metadataKey) + ":{" + members.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, shape) in zip(names, shapes) {
            let end = offset + shape.reduce(1, *) * SafetensorsDType.f32.byteSize
            let dims = shape.map(String.init).joined(separator: ",")
            parts.append(SafetensorsJSON.quoted(name) + ":{\"dtype\":\"F32\",\"shape\":[\(dims)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var bytes = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }
}
