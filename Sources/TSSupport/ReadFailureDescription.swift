
/// The one-line description of an error thrown while reading a file (`Data(contentsOf:)`),
/// as model-file errors show it: the text of Foundation's `NSError.localizedDescription`,
/// e.g. "The operation could not be completed. The file doesn’t exist."
///
/// FoundationEssentials has no `localizedDescription`; there the text is built as
/// swift-corelibs-foundation builds it, so messages do not depend on the Foundation module
/// the tool links: the failure reason of the `CocoaError` code when it has one,
/// `strerror` for a `POSIXError`, and "(<domain> error <code>.)" otherwise.
package func readFailureDescription(_ error: any Error) -> String {
    #if canImport(FoundationEssentials)
    let reason: String
    switch error {
    case let error as CocoaError:
        let code = error.code.rawValue
        reason = fileReadFailureReasons[code] ?? "(\(CocoaError.errorDomain) error \(code).)"
    case let error as POSIXError:
        reason = String(cString: strerror(error.code.rawValue))
    default:
        reason = "(\(error._domain) error \(error._code).)"
    }
    return "The operation could not be completed. " + reason
    #else
    return (error as NSError).localizedDescription
    #endif
}

#if canImport(FoundationEssentials)
/// swift-corelibs-foundation's failure reasons of the `CocoaError` codes that reading a
/// file throws (`fileReadNoPermission`, `…InvalidFileName`, `…NoSuchFile`, `…TooLarge`);
/// `fileReadUnknown` (256, e.g. a directory) has none.
private let fileReadFailureReasons: [Int: String] = [
    257: "You don’t have permission.",
    258: "The file name is invalid.",
    260: "The file doesn’t exist.",
    263: "The item is too large.",
]
#endif
