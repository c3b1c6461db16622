/// A `ForecastSetup` whose settings are out of range or contradict each other, in the
/// library's vocabulary: the message names `ForecastSetup`'s properties (`horizon`,
/// `training.epochs`), and a tool renders them in its own words (the CLI: `--horizon`,
/// `--epochs`) with `message(naming:)`.
public struct SetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A setting of `ForecastSetup`, named by its property path.
    public enum Setting: String, Sendable, CaseIterable {
        /// `ForecastSetup.idColumn`.
        case idColumn
        /// `ForecastSetup.lags`.
        case lags
        /// `ForecastSetup.inputLags`.
        case inputLags
        /// `ForecastSetup.inputDelay`.
        case inputDelay
        /// `ForecastSetup.horizon`.
        case horizon
        /// `ForecastSetup.decoder`.
        case decoder
        /// `ForecastSetup.subsequence`.
        case subsequence
        /// `ForecastSetup.washout`.
        case washout
        /// `ForecastSetup.stateful`.
        case stateful
        /// `ForecastSetup.objective`.
        case objective
        /// `ForecastSetup.seasonalLags`.
        case seasonalLags
        /// `ForecastSetup.seasonalDepth`.
        case seasonalDepth
        /// `ForecastSetup.calendar`.
        case calendar
        /// `ForecastSetup.model`.
        case model
        /// `ForecastSetup.hidden`.
        case hidden
        /// `ForecastSetup.layers`.
        case layers
        /// `ForecastSetup.dropout`.
        case dropout
        /// `ForecastSetup.kernelSize`.
        case kernelSize
        /// `ForecastSetup.quantiles`.
        case quantiles
        /// `ForecastSetup.difference`.
        case difference
        /// `ForecastSetup.season`.
        case season
        /// `ForecastSetup.seasonalDifference`.
        case seasonalDifference
        /// `ForecastSetup.validationFraction`.
        case validationFraction
        /// `ForecastSetup.testFraction`.
        case testFraction
        /// `ForecastSetup.testHorizon`.
        case testHorizon
        /// `ForecastSetup.ensemble`.
        case ensemble
        /// `ForecastSetup.training.epochs`.
        case epochs = "training.epochs"
        /// `ForecastSetup.training.batchSize`.
        case batchSize = "training.batchSize"
        /// `ForecastSetup.training.learningRate`.
        case learningRate = "training.learningRate"
    }

    /// One piece of a message: text, or a setting to be named.
    public enum Part: Sendable, Equatable {
        /// Literal text.
        case text(String)
        /// A setting, named by whoever renders the message.
        case setting(Setting)
    }

    /// A message whose settings a tool can rename: `"\(.horizon) must be at least 1"`.
    public struct Message: ExpressibleByStringInterpolation, Sendable, Equatable {
        /// The pieces in order.
        public var parts: [Part] = []

        /// A message of plain text.
        public init(stringLiteral value: String) { parts = [.text(value)] }
        /// A message with settings interpolated.
        public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

        /// Builds a message from literal text, settings and other values; adjacent text is
        /// joined, so equal messages have equal parts however they were written.
        public struct Interpolation: StringInterpolationProtocol {
            var parts: [Part] = []
            /// An empty message.
            public init(literalCapacity: Int, interpolationCount: Int) {}
            /// Literal text.
            public mutating func appendLiteral(_ literal: String) { appendText(literal) }
            /// A setting, named by whoever renders the message.
            public mutating func appendInterpolation(_ setting: Setting) { parts.append(.setting(setting)) }
            /// A value, as its description.
            public mutating func appendInterpolation(_ value: some CustomStringConvertible) { appendText(value.description) }

            private mutating func appendText(_ text: String) {
                guard !text.isEmpty else { return }
                if case .text(let previous) = parts.last {
                    parts[parts.count - 1] = .text(previous + text)
                } else {
                    parts.append(.text(text))
                }
            }
        }
    }

    /// The setting at fault.
    public var setting: Setting
    /// What is wrong with it.
    public var message: Message

    /// An error about `setting`.
    public init(_ setting: Setting, _ message: Message) {
        self.setting = setting
        self.message = message
    }

    /// The message with every setting rendered by `name` (e.g. as a command-line flag).
    public func message(naming name: (Setting) -> String) -> String {
        message.parts.map { part in
            switch part {
            case .text(let text): text
            case .setting(let setting): name(setting)
            }
        }.joined()
    }

    /// The message naming `ForecastSetup`'s properties.
    public var description: String { message { $0.rawValue } }
}
