/// Locale-independent decimal number parsing straight from bytes, correctly rounded to `Float`.
///
/// Grammar: `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one digit in
/// the mantissa (`1e-3`, `-0.5`, `+2`, `.5`, `5.`). No whitespace, no `inf`/`nan`, no hex.
///
/// Fast path for `e < 0`: `m·fl(10⁻ᵏ)` in `Double` is within 2 ulps of `m/10ᵏ`, so unless
/// it lies within 4 ulps of a `Float` midpoint it rounds to the correct `Float` (no
/// division). Otherwise (Clinger): with a mantissa `m ≤ 2⁵³` and `|e| ≤ 22`, `m·10ᵉ` computed in one
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

    /// `fl(10⁻ᵏ)` for `1 ≤ k ≤ 22` (correctly rounded literals).
    @inline(__always)
    private static func reciprocalOfTen(_ k: Int) -> Double {
        switch k {
        case 1: return 1e-1
        case 2: return 1e-2
        case 3: return 1e-3
        case 4: return 1e-4
        case 5: return 1e-5
        case 6: return 1e-6
        case 7: return 1e-7
        case 8: return 1e-8
        case 9: return 1e-9
        case 10: return 1e-10
        case 11: return 1e-11
        case 12: return 1e-12
        case 13: return 1e-13
        case 14: return 1e-14
        case 15: return 1e-15
        case 16: return 1e-16
        case 17: return 1e-17
        case 18: return 1e-18
        case 19: return 1e-19
        case 20: return 1e-20
        case 21: return 1e-21
        default: return 1e-22
        }
    }

    /// Mantissas stop growing at 19 digits (`< 10¹⁹ < 2⁶⁴`); further digits only move
    /// the exponent (and force the slow path if they are not zero).
    private static let mantissaLimit: UInt64 = 1_000_000_000_000_000_000

    /// Parses the `count` bytes at `bytes` (all of them must belong to the number).
    @inline(__always)
    static func parse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Result {
        let (result, end) = parsePrefix(bytes, count: count)
        return end == count ? result : .invalid
    }

    /// Parses the longest number at the start of `bytes` (up to `count` bytes); returns it
    /// with the index just past it, so a caller can check what follows.
    static func parsePrefix(_ bytes: UnsafePointer<UInt8>, count: Int) -> (Result, end: Int) {
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
        guard digits > 0 else { return (.invalid, i) }
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
            guard i > exponentStart else { return (.invalid, i) }
            exponent += negativeExponent ? -e : e
        }
        if mantissa == 0 { return (.value(negative ? -0.0 : 0.0), i) }
        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            if exponent < 0 {
                // m·(1/10ᵏ) is within 2 Double ulps of m/10ᵏ; unless that is near a Float
                // midpoint, both round to the same Float. (x ≥ 1e-22: never subnormal.)
                let d = m * reciprocalOfTen(-exponent)
                if abs(Int64(d.bitPattern & 0x1FFF_FFFF) - 0x1000_0000) > 4 {
                    let f = Float(d)
                    return (.value(negative ? -f : f), i)
                }
            }
            let d = exponent >= 0 ? m * powerOfTen(exponent) : m / powerOfTen(-exponent)
            if d >= 0x1p-126 && (d.bitPattern & 0x1FFF_FFFF) != 0x1000_0000 {
                let f = Float(d)
                if f.isInfinite { return (.overflow, i) }
                return (.value(negative ? -f : f), i)
            }
        }
        return (slowParse(bytes, count: i), i)
    }

    private static func slowParse(_ bytes: UnsafePointer<UInt8>, count: Int) -> Result {
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        guard let f = Float(text) else { return .invalid }
        return f.isFinite ? .value(f) : .overflow
    }
}
