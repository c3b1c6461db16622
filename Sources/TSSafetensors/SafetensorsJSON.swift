/// A parsed JSON value, as much of JSON as a safetensors header needs.
///
/// Objects keep their members in file order; numbers keep their text so that integer
/// fields (shapes, offsets) are converted exactly, never through `Double`.
enum SafetensorsJSON {
    case object([(key: String, value: SafetensorsJSON)])
    case array([SafetensorsJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value as a non-negative integer if it is a JSON integer literal that fits `Int`.
    var nonNegativeInt: Int? {
        guard case .number(let text) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int(text)
    }

    /// Parses `bytes` (already validated UTF-8) as one JSON value surrounded by optional
    /// whitespace. Strict RFC 8259: no trailing commas, no comments, no lone surrogates,
    /// no duplicate object keys; nesting deeper than `maxDepth` is rejected so that no
    /// input can exhaust the stack.
    ///
    /// - Returns: the value, or a message saying what is wrong and at which byte offset.
    static func parse(_ bytes: [UInt8], maxDepth: Int = 32) -> Result<SafetensorsJSON, SafetensorsJSONSyntaxError> {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth)
        do throws(SafetensorsJSONSyntaxError) {
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// `text` as a JSON string literal: quotes, `\"`, `\\` and control characters escaped
    /// (`\n`, `\t`, …, otherwise `\u00XX`); everything else written as UTF-8, like
    /// serde_json does.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Why a header is not valid JSON, with the byte offset inside the header.
struct SafetensorsJSONSyntaxError: Error {
    let message: String
    let offset: Int
}

/// Recursive-descent parser over the header bytes.
private struct Parser {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ message: String) -> SafetensorsJSONSyntaxError {
        SafetensorsJSONSyntaxError(message: message, offset: index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(SafetensorsJSONSyntaxError) {
        guard index < bytes.count, bytes[index] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    mutating func value(depth: Int) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSON {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of header") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func object(depth: Int) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSON {
        index += 1
        var members: [(key: String, value: SafetensorsJSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\"") }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
            guard bytes[index - 1] == UInt8(ascii: ",") else { index -= 1; throw error("expected ',' or '}'") }
        }
    }

    mutating func array(depth: Int) throws(SafetensorsJSONSyntaxError) -> SafetensorsJSON {
        index += 1
        var elements: [SafetensorsJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "]") { return .array(elements) }
            guard bytes[index - 1] == UInt8(ascii: ",") else { index -= 1; throw error("expected ',' or ']'") }
        }
    }

    mutating func literal(_ word: String) throws(SafetensorsJSONSyntaxError) {
        for byte in word.utf8 { try expect(byte) }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as text.
    mutating func number() throws(SafetensorsJSONSyntaxError) -> String {
        let start = index
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("invalid value") }
        if bytes[index] == 0x30 { index += 1 } else { while isDigit(index) { index += 1 } }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error("digit expected after '.'") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("digit expected in exponent") }
            while isDigit(index) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// The string at `index` (its opening quote): unescaped runs are copied as UTF-8 bytes
    /// and decoded once (model metadata is a string of ~300 escaped quotes).
    mutating func string() throws(SafetensorsJSONSyntaxError) -> String {
        index += 1
        var utf8: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                utf8 += bytes[runStart..<index]
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw error("control character in string") }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            utf8 += bytes[runStart..<index]
            index += 1
            UTF8.encode(try escape()) { utf8.append($0) }
            runStart = index
        }
    }

    /// The scalar of the escape sequence after a backslash.
    mutating func escape() throws(SafetensorsJSONSyntaxError) -> Unicode.Scalar {
        guard index < bytes.count else { throw error("unterminated escape") }
        index += 1
        switch bytes[index - 1] {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if high < 0xD800 || high > 0xDFFF, let scalar = Unicode.Scalar(high) { return scalar }
            guard high < 0xDC00 else { throw error("lone low surrogate") }
            try literal("\\u")
            let low = try hex4()
            guard low >= 0xDC00, low <= 0xDFFF,
                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            else { throw error("lone high surrogate") }
            return scalar
        default:
            index -= 1
            throw error("invalid escape")
        }
    }

    mutating func hex4() throws(SafetensorsJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = UInt32(String(Unicode.Scalar(bytes[index])), radix: 16) else {
                throw error("four hex digits expected after \\u")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
