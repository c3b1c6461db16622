/// Why a model file (safetensors) could not be read, written or used.
///
/// Every case names the file (`path`; `"<memory>"` for bytes that never came from a
/// file) and, where it applies, the tensor, so the message alone locates the problem.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (the system's reason).
    case unreadable(path: String, reason: String)
    /// Fewer than the 8 bytes of the header-length prefix.
    case fileTooShort(path: String, size: Int)
    /// The header-length prefix is larger than the `limit` this reader accepts.
    case headerTooLarge(path: String, headerLength: UInt64, limit: Int)
    /// The header-length prefix points past the end of the file.
    case headerBeyondFile(path: String, headerLength: UInt64, fileSize: Int)
    /// The header is not UTF-8 JSON of the expected structure (`reason` says where).
    case invalidHeader(path: String, reason: String)
    /// A tensor's dtype is not one this reader converts to Float32 (F32, F64, F16, BF16).
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// `data_offsets` span a byte count different from `product(shape) · size(dtype)`.
    case byteCountMismatch(path: String, tensor: String, shape: [Int], dtype: String, byteCount: Int)
    /// `data_offsets` are reversed, leave a gap, overlap another tensor or run past the data.
    case invalidOffsets(path: String, tensor: String, reason: String)
    /// The data section has bytes no tensor refers to.
    case trailingBytes(path: String, dataSize: Int, used: Int)
    /// A tensor the caller requires is not in the file.
    case missingTensor(path: String, name: String, available: [String])
    /// A tensor the caller requires has another shape.
    case shapeMismatch(path: String, name: String, expected: [Int], actual: [Int])
    /// The file holds tensors the model does not have (names sorted).
    case unexpectedTensors(path: String, names: [String])

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let p, _), .fileTooShort(let p, _), .headerTooLarge(let p, _, _),
            .headerBeyondFile(let p, _, _), .invalidHeader(let p, _), .unsupportedDType(let p, _, _),
            .byteCountMismatch(let p, _, _, _, _), .invalidOffsets(let p, _, _), .trailingBytes(let p, _, _),
            .missingTensor(let p, _, _), .shapeMismatch(let p, _, _, _), .unexpectedTensors(let p, _):
            p
        }
    }

    /// A one-line message naming the file and what is wrong.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read model file: \(reason)"
        case let .fileTooShort(path, size):
            "\(path): not a safetensors file: \(size) bytes, shorter than the 8-byte header length"
        case let .headerTooLarge(path, length, limit):
            "\(path): safetensors header length \(length) exceeds the limit of \(limit) bytes"
        case let .headerBeyondFile(path, length, size):
            "\(path): safetensors header length \(length) runs past the end of the \(size)-byte file"
        case let .invalidHeader(path, reason):
            "\(path): invalid safetensors header: \(reason)"
        case let .unsupportedDType(path, tensor, dtype):
            "\(path): tensor '\(tensor)' has dtype '\(dtype)'; supported are F32, F64, F16, BF16"
        case let .byteCountMismatch(path, tensor, shape, dtype, byteCount):
            "\(path): tensor '\(tensor)' of shape \(shape) and dtype \(dtype) spans \(byteCount) bytes in data_offsets"
        case let .invalidOffsets(path, tensor, reason):
            "\(path): tensor '\(tensor)': \(reason)"
        case let .trailingBytes(path, dataSize, used):
            "\(path): data section has \(dataSize) bytes but the tensors use only \(used)"
        case let .missingTensor(path, name, available):
            "\(path): missing tensor '\(name)'; the file has \(available)"
        case let .shapeMismatch(path, name, expected, actual):
            "\(path): tensor '\(name)' has shape \(actual), expected \(expected)"
        case let .unexpectedTensors(path, names):
            "\(path): tensors \(names) do not belong to this model"
        }
    }
}
