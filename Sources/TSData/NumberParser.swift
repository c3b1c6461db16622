/// Locale-independent decimal number parsing straight from bytes, correctly rounded to `Float`.
///
/// Grammar: `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one digit in
/// the mantissa (`1e-3`, `-0.5`, `+2`, `.5`, `5.`). No whitespace, no `inf`/`nan`, no hex.
///
/// Fast path (Clinger): with a mantissa `m ≤ 2⁵³` and `|e| ≤ 22`, `m·10ᵉ` computed in one
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

    private static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// Parses the `count` bytes at `bytes`.
    static func parse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Result {
        var i = 0
        var negative = false
        if i < count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var exponent = 0
        var truncated = false
        while i < count, case let d = bytes[i] &- 48, d < 10 {
            accumulate(d, &mantissa, &significant, &truncated, &exponent, fraction: false)
            digits += 1
            i += 1
        }
        if i < count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, case let d = bytes[i] &- 48, d < 10 {
                accumulate(d, &mantissa, &significant, &truncated, &exponent, fraction: true)
                digits += 1
                i += 1
            }
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
            var exponentDigits = 0
            while i < count, case let d = bytes[i] &- 48, d < 10 {
                if e < 100_000 { e = e * 10 + Int(d) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return .invalid }
            exponent += negativeExponent ? -e : e
        }
        guard i == count else { return .invalid }
        if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let d = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
            if d >= 0x1p-126 && (d.bitPattern & 0x1FFF_FFFF) != 0x1000_0000 {
                let f = Float(d)
                if f.isInfinite { return .overflow }
                return .value(negative ? -f : f)
            }
        }
        return slowParse(bytes, count: count)
    }

    @inline(__always)
    private static func accumulate(
        _ d: UInt8, _ mantissa: inout UInt64, _ significant: inout Int, _ truncated: inout Bool,
        _ exponent: inout Int, fraction: Bool
    ) {
        if significant < 19 {
            if mantissa != 0 || d != 0 { significant += 1 }
            mantissa = mantissa &* 10 &+ UInt64(d)
            if fraction { exponent -= 1 }
        } else {
            if d != 0 { truncated = true }
            if !fraction { exponent += 1 }
        }
    }

    private static func slowParse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Result {
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        guard let f = Float(text) else { return .invalid }
        return f.isFinite ? .value(f) : .overflow
    }
}
