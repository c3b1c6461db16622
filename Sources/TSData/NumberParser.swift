/// Locale-independent decimal number parsing straight from bytes, correctly rounded to `Float`.
///
/// Grammar: `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one digit in
/// the mantissa (`1e-3`, `-0.5`, `+2`, `.5`, `5.`). No whitespace, no `inf`/`nan`, no hex.
///
/// Fast paths (Clinger): with `m ≤ 2²⁴` and `|e| ≤ 10`, one `Float` multiply or divide
/// is correctly rounded. With a mantissa `m ≤ 2⁵³` and `|e| ≤ 22`, `m·10ᵉ` computed in one
/// `Double` multiply or divide is correctly rounded; rounding that `Double` to `Float` is
/// then exact unless it lands exactly on a midpoint between two `Float`s, which is checked.
/// Everything else (long mantissas, large exponents, subnormals) goes through the standard
/// library's correctly rounded `Float(_: Substring)`.
enum NumberParser {
    /// The outcome of parsing one cell.
    enum Result: Equatable {
        case value(Float)
        /// Not a number by the grammar above.
        case invalid
        /// Syntactically a number, but infinite as a `Float`.
        case overflow
    }

    /// `10^e` for `0 ≤ e ≤ 22`, all exact in `Double`.
    @inline(__always)
    private static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Mantissas stop growing at 19 digits (`< 10¹⁹ < 2⁶⁴`); further digits only move
    /// the exponent (and force the slow path if they are not zero).
    private static let mantissaLimit: UInt64 = 1_000_000_000_000_000_000

    /// Parses the `count` bytes at `bytes`.
    static func parse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Result {
        var i = 0
        var negative = false
        if count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var truncated = false
        let digitsStart = i
        while i < count, case let d = bytes[i] &- 48, d < 10 {
            if mantissa < mantissaLimit {
                mantissa = mantissa &* 10 &+ UInt64(d)
            } else {
                exponent += 1
                truncated = truncated || d != 0
            }
            i += 1
        }
        var digits = i - digitsStart
        if i < count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < count, case let d = bytes[i] &- 48, d < 10 {
                if mantissa < mantissaLimit {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    exponent -= 1
                } else {
                    truncated = truncated || d != 0
                }
                i += 1
            }
            digits += i - fractionStart
        }
        guard digits > 0 else { return .invalid }
        if i < count && (bytes[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                negativeExponent = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            let exponentStart = i
            while i < count, case let d = bytes[i] &- 48, d < 10 {
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            guard i > exponentStart else { return .invalid }
            exponent += negativeExponent ? -e : e
        }
        guard i == count else { return .invalid }
        if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
        if !truncated && mantissa <= 1 << 24 && exponent >= -10 && exponent <= 10 {
            // Both operands exact in Float (5¹⁰ < 2²⁴): one correctly rounded Float operation.
            let m = Float(mantissa)
            let f = exponent >= 0 ? m * Float(powerOfTen(exponent)) : m / Float(powerOfTen(-exponent))
            return .value(negative ? -f : f)
        }
        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let d = exponent >= 0 ? m * powerOfTen(exponent) : m / powerOfTen(-exponent)
            if d >= 0x1p-126 && (d.bitPattern & 0x1FFF_FFFF) != 0x1000_0000 {
                let f = Float(d)
                if f.isInfinite { return .overflow }
                return .value(negative ? -f : f)
            }
        }
        return slowParse(bytes, count: count)
    }

    private static func slowParse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Result {
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        guard let f = Float(text) else { return .invalid }
        return f.isFinite ? .value(f) : .overflow
    }
}
