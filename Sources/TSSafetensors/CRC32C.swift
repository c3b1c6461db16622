/// CRC-32C (Castagnoli): the 32-bit cyclic redundancy check with the reflected polynomial
/// 0x82F63B78, initial value and final XOR 0xFFFFFFFF (RFC 3720 §B.4; the check used by
/// iSCSI, ext4 metadata and Btrfs). It detects every error burst of at most 32 bits and
/// every odd number of flipped bits; other corruptions pass with probability 2⁻³².
///
/// Table-driven, eight bytes per step ("slicing-by-8"): `table[k][b]` is the CRC of byte
/// `b` followed by `k` zero bytes, so eight table look-ups advance the register by eight
/// bytes.
///
///     var crc = CRC32C()
///     crc.update(bytes)
///     crc.value            // "123456789" → 0xE3069283
struct CRC32C {
    /// The running register (pre-inverted).
    private var state: UInt32 = 0xFFFF_FFFF

    init() {}

    /// The checksum of the bytes seen so far.
    var value: UInt32 { ~state }

    /// Feeds `bytes` into the checksum.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let t = Self.table
        var crc = state
        var i = 0
        let n = bytes.count
        while n - i >= 8 {
            let low = crc ^ UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
            crc = t[7 &* 256 &+ Int(low & 0xFF)] ^ t[6 &* 256 &+ Int((low >> 8) & 0xFF)]
                ^ t[5 &* 256 &+ Int((low >> 16) & 0xFF)] ^ t[4 &* 256 &+ Int(low >> 24)]
                ^ t[3 &* 256 &+ Int(high & 0xFF)] ^ t[2 &* 256 &+ Int((high >> 8) & 0xFF)]
                ^ t[1 &* 256 &+ Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
            i += 8
        }
        while i < n {
            crc = t[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
            i += 1
        }
        state = crc
    }

    /// The CRC-32C of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// Eight 256-entry tables, flattened: entry `k·256 + b` is the register after byte `b`
    /// and then `k` zero bytes.
    private static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var crc = UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            t[b] = crc
        }
        for k in 1..<8 {
            for b in 0..<256 {
                let previous = t[(k - 1) * 256 + b]
                t[k * 256 + b] = t[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return t
    }()
}
