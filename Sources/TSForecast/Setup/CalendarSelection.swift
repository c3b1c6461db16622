import TSData

/// Which calendar features (`CalendarFeature`) a model reads: none, the ones that suit the
/// time axis' spacing (`CalendarFeature.automatic(for:)`), or a list.
///
/// JSON: `[]` (none), `"auto"`, or a list such as `["hour", "weekday"]`. Training resolves
/// `auto` from the training file's time step, so a model file stores the list it reads.
public enum CalendarSelection: Codable, Sendable, Equatable, CustomStringConvertible {
    /// No calendar features.
    case none
    /// Chosen from the time axis' step when training.
    case auto
    /// These features, in this order.
    case features([CalendarFeature])

    /// `"none"`, `"auto"` or the features comma-separated (`"hour,weekday"`).
    public var description: String {
        switch self {
        case .none: "none"
        case .auto: "auto"
        case .features(let list): list.isEmpty ? "none" : list.map(\.rawValue).joined(separator: ",")
        }
    }

    /// The selection as read on a series with time axis `time` from `file`: `none`, or the
    /// features of the list, or for `auto` the ones its regular step suits.
    ///
    /// - Throws: `SetupError(.calendar)` naming `file` when there are calendar features and
    ///   the series has no time column, a numeric one, or (for `auto`) no regular step.
    public func resolved(time: TimeAxis?, file: String) throws(SetupError) -> CalendarSelection {
        if self == .none || self == .features([]) { return .none }
        guard let time else {
            throw SetupError(.calendar, "\(.calendar) \(description) reads the time column, and '\(file)' has none")
        }
        guard time.kind != .number else {
            throw SetupError(.calendar, "\(.calendar) \(description) needs dates or date-times in the time column; '\(file)' has plain numbers")
        }
        if case .features = self { return self }
        guard let step = time.step else {
            throw SetupError(.calendar, "\(.calendar) auto follows the time step, and '\(file)' has fewer than two rows")
        }
        return .features(CalendarFeature.automatic(for: step))
    }

    /// Decodes `"auto"`, `"none"` or a list of feature names.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            guard word == "auto" || word == "none" else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "calendar: expected \"auto\", \"none\" or a list, got \"\(word)\"")
            }
            self = word == "auto" ? .auto : .none
        } else {
            let list = try container.decode([CalendarFeature].self)
            self = list.isEmpty ? .none : .features(list)
        }
    }

    /// Encodes `"auto"` or the list (`[]` for none).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .none: try container.encode([CalendarFeature]())
        case .auto: try container.encode("auto")
        case .features(let list): try container.encode(list)
        }
    }
}
