import Foundation
import Testing
import TSData
import TSForecast

/// The setup's rules live in the library and speak of its parameters; enumerated settings
/// are typed and keep their JSON.
@Suite struct SetupValidationTests {
    @Test func theDefaultSetupIsValid() throws {
        try ForecastSetup().validate()
    }

    /// Library callers get a thrown error naming the parameter, not a trap in the windows.
    @Test func invalidLagsThrowBeforeAnyWork() {
        var setup = ForecastSetup()
        setup.model = .mlp
        setup.lags = 0
        #expect(throws: SetupError(.lags, "\(.lags) must be at least 1, got 0")) {
            try ForecastPipeline.train(file: TestData.bundled("nile.csv"), setup: setup, progress: nil)
        }
    }

    @Test func messagesNameLibraryParametersAndToolsCanRenameThem() throws {
        var setup = ForecastSetup()
        setup.objective = .simulation
        let error = try #require(throws: SetupError.self) { try setup.validate() }
        #expect(error.setting == .objective)
        #expect(error.description == "objective simulation needs model narx or mlp with horizon 1")
        #expect(error.message { "<\($0.rawValue)>" }.hasPrefix("<objective> simulation needs <model> narx or mlp with <horizon> 1"))
        setup = ForecastSetup()
        setup.training.epochs = 0
        #expect(throws: SetupError(.epochs, "\(.epochs) must be at least 1, got 0")) { try setup.validate() }
        #expect((try? setup.validate()) == nil)
    }

    /// One broken setup per rule, with the setting its error must name.
    static let broken: [(String, ForecastSetup)] = {
        func with(_ change: (inout ForecastSetup) -> Void) -> ForecastSetup {
            var setup = ForecastSetup()
            change(&setup)
            return setup
        }
        return [
            ("seasonalDifference", with { $0.seasonalDifference = true }),
            ("washout", with { $0.washout = 10 }),
            ("stateful", with { $0.stateful = true }),
            ("stateful", with { $0.stateful = true; $0.subsequence = 8; $0.model = .narx }),
            ("validationFraction", with { $0.validationFraction = 0.5; $0.testFraction = 0.4 }),
            ("objective", with { $0.objective = .simulation }),
            ("difference", with { $0.difference = 3 }),
            ("training.learningRate", with { $0.training.learningRate = 0 }),
            ("quantiles", with { $0.loss = .quantile; $0.quantiles = [0.5, 0.1] }),
            ("quantiles", with { $0.loss = .quantile; $0.quantiles = [0.5, 0.5] }),
            ("quantiles", with { $0.loss = .quantile; $0.quantiles = [0.1, 1] }),
            ("quantiles", with { $0.loss = .quantile; $0.quantiles = [] }),
            ("objective", with { $0.loss = .quantile; $0.model = .narx; $0.objective = .simulation }),
            ("seasonalLags", with { $0.seasonalLags = [1, 24] }),
            ("seasonalLags", with { $0.seasonalLags = [24, 24] }),
            ("seasonalDepth", with { $0.seasonalLags = [24]; $0.seasonalDepth = 0 }),
            ("seasonalDepth", with { $0.seasonalLags = [100_000]; $0.seasonalDepth = 11 }),
            ("calendar", with { $0.calendar = .features([.hour, .hour]) }),
            ("decoder", with { $0.model = .narx; $0.decoder = .seq2seq }),
            ("subsequence", with { $0.decoder = .seq2seq; $0.subsequence = 20 }),
            ("stateful", with { $0.model = .lstm; $0.subsequence = 8; $0.stateful = true; $0.horizon = 2 }),
            ("seasonalLags", with { $0.model = .lstm; $0.decoder = .seq2seq; $0.horizon = 4; $0.seasonalLags = [3] }),
        ]
    }()

    @Test(arguments: broken)
    func eachRuleNamesItsSetting(setting: String, setup: ForecastSetup) throws {
        let error = try #require(throws: SetupError.self) { try setup.validate() }
        #expect(error.setting.rawValue == setting)
    }

    @Test func scaleAndMissingAreEnumsWithTheSameJSON() throws {
        var setup = ForecastSetup()
        setup.scale = .minMax
        setup.missing = .forwardFill
        let json = try String(decoding: JSONEncoder().encode(setup), as: UTF8.self)
        #expect(json.contains(#""scale":"minmax""#) && json.contains(#""missing":"ffill""#))
        let decoded = try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"scale": "none", "missing": "drop"}"#.utf8))
        #expect(decoded.scale == ScalerKind.none && decoded.missing == .drop)
        #expect(try JSONDecoder().decode(ForecastSetup.self, from: Data("{}".utf8)).scale == .zScore)
    }

    /// An unknown value is a decoding error, no longer a silent z-score.
    @Test func anUnknownScaleIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"scale": "robust"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ForecastSetup.self, from: Data(#"{"missing": "zero"}"#.utf8))
        }
    }
}
