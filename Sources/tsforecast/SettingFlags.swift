import TSData
import TSForecast

extension SetupError.Setting {
    /// The command-line flag that sets this setting (`TrainOptions`).
    var flag: String {
        switch self {
        case .idColumn: "--id"
        case .lags: "--lags"
        case .inputLags: "--input-lags"
        case .inputDelay: "--input-delay"
        case .horizon: "--horizon"
        case .decoder: "--decoder"
        case .subsequence: "--subsequence"
        case .washout: "--washout"
        case .stateful: "--stateful"
        case .objective: "--objective"
        case .seasonalLags: "--seasonal-lags"
        case .seasonalDepth: "--seasonal-depth"
        case .calendar: "--calendar"
        case .model: "--model"
        case .hidden: "--hidden"
        case .layers: "--layers"
        case .dropout: "--dropout"
        case .kernelSize: "--kernel-size"
        case .quantiles: "--quantiles"
        case .difference: "--diff"
        case .season: "--season"
        case .seasonalDifference: "--seasonal-diff"
        case .validationFraction: "--val"
        case .testFraction: "--test"
        case .testHorizon: "--test-horizon"
        case .ensemble: "--ensemble"
        case .epochs: "--epochs"
        case .batchSize: "--batch-size"
        case .learningRate: "--lr"
        }
    }
}

extension DataError {
    /// The flag that resolves a data error which a setting can fix, as a hint appended to
    /// the library's message (`""` for other errors).
    var flagHint: String {
        switch kind {
        case .ambiguousTarget: " (choose it with --target)"
        case .nothingToForecast: " (give --horizon)"
        default: ""
        }
    }
}
