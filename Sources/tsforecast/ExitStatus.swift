import ArgumentParser
import TSData
import TSForecast
import TSSafetensors
import TSSupport
import TSTraining

/// The documented exit codes of `tsforecast`.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    /// A failure not covered below (e.g. an output file could not be written).
    case failure = 1
    /// `batch`: at least one series failed; the others finished.
    case partialFailure = 2
    /// Bad flags or arguments.
    case usage = 64
    /// The CSV could not be used (malformed, missing values under `--missing error`, too short).
    case dataError = 65
    /// The model file is missing, corrupt or does not fit the data.
    case modelFileError = 66
    /// Training stopped on NaN/Inf; the best model so far was still written.
    case trainingFailed = 70

    /// The help text's table of codes.
    static let table = """
        EXIT CODES:
          0   success
          1   other failure (e.g. an output file could not be written)
          2   batch: some series failed (the others finished; see the summary)
          64  usage error: a bad flag or argument (or --resume with other flags than the checkpoint's run)
          65  data error: the CSV is malformed, has missing values, or is too short
          66  model-file error: missing, corrupt or incompatible model file (or checkpoint)
          70  training failed: loss became NaN/Inf (the best model so far is kept)
        """
}

/// The exit status and one-line message of an error the library or a command raised,
/// or `nil` for ArgumentParser's own errors (help, usage), which it reports itself.
func describe(_ error: Error) -> (ExitStatus, String)? {
    switch error {
    case let e as SetupError: (.usage, e.message(naming: \.flag))
    case let e as DataError: (.dataError, e.description + e.flagHint)
    case let e as BaselineError: (.dataError, e.description)
    case let e as ModelFileError: (.modelFileError, e.description)
    case let e as CheckpointError:
        if case .mismatch = e { (.usage, e.description) } else { (.modelFileError, e.description) }
    case let e as TrainingFailure: (.trainingFailed, e.description + " (try a lower --lr or --clip)")
    case let e as AtomicFileError: (.failure, e.description)
    case let e as StandardStreamError: (.failure, e.description)
    case let e as CommandFailure: (e.status, e.message)
    default: nil
    }
}

/// A failure the command itself detects, with its exit status.
struct CommandFailure: Error {
    var status: ExitStatus
    var message: String
}
