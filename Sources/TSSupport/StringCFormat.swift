
extension String {
    /// `format` with its `printf` conversions filled in from `arguments` by C's `vsnprintf`:
    /// the replacement for Foundation's `String(format:)`, which FoundationEssentials lacks,
    /// with the same output for the numeric conversions (`%d`, `%02d`, `%.3f`, `%.4g`,
    /// `%.5e`, …; C locale, so `.` is the decimal point).
    ///
    /// As with `printf`, the arguments are not checked against the conversions: pass `Int`
    /// for `%d`, `Double` or `Float` for `%f`/`%g`/`%e`. There is no `%@`: interpolate
    /// strings into the format's result instead.
    ///
    ///     String(cFormat: "%d:%02d", 3, 7)          // "3:07"
    ///     String(cFormat: "RMSE %.4g", 0.000123456)  // "RMSE 0.0001235"
    package init(cFormat format: String, _ arguments: any CVarArg...) {
        var capacity = 128
        while true {
            let formatted: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
                let length = Int(withVaList(arguments) { vsnprintf(buffer.baseAddress, buffer.count, format, $0) })
                precondition(length >= 0, "String(cFormat:): vsnprintf rejected the format '\(format)'")
                guard length < buffer.count else {
                    capacity = length + 1
                    return nil
                }
                return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: length), as: UTF8.self)
            }
            if let formatted {
                self = formatted
                return
            }
        }
    }
}
