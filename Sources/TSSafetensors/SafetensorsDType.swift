/// The safetensors element types this reader converts to `Float` (its `rawValue` is the
/// header's `"dtype"` string). All are little-endian IEEE-754 formats; F64 is rounded to
/// nearest Float32, F16 and BF16 widen exactly.
enum SafetensorsDType: String, Sendable {
    /// IEEE binary32.
    case f32 = "F32"
    /// IEEE binary64 (rounded to Float32 on reading).
    case f64 = "F64"
    /// IEEE binary16.
    case f16 = "F16"
    /// bfloat16: the upper 16 bits of a binary32.
    case bf16 = "BF16"

    /// Bytes per element.
    var byteSize: Int {
        switch self {
        case .f32: 4
        case .f64: 8
        case .f16, .bf16: 2
        }
    }

    /// Decodes `count` little-endian elements starting at `bytes[offset]` into Floats.
    ///
    /// - Precondition: `offset + count·byteSize <= bytes.count`.
    func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
        precondition(
            offset >= 0 && offset + count * byteSize <= bytes.count,
            "SafetensorsDType.decode: \(count) \(rawValue) elements at \(offset) exceed \(bytes.count) bytes")
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            switch self {
            case .f32:
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)))
                }
            case .f64:
                for i in 0..<count {
                    out[i] = Float(Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self))))
                }
            case .f16:
                for i in 0..<count {
                    out[i] = Self.halfToFloat(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self)))
                }
            case .bf16:
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self))) << 16)
                }
            }
            initialized = count
        }
    }

    /// Exact widening of an IEEE binary16 bit pattern (sign 1, exponent 5 biased by 15,
    /// mantissa 10) to Float32; subnormals, infinities and NaNs included. Written out so it
    /// does not depend on `Float16` being available on the platform.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: UInt32 = UInt32(h & 0x8000) << 16
        let exponent = Int(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x03FF)
        switch exponent {
        case 0:
            // ±m·2^-24: exact in Float32.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
        }
    }
}
