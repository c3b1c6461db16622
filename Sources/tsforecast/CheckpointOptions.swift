import ArgumentParser
import TSForecast
import TSSupport
import TSTensor
import TSTraining

/// `train`'s checkpoint flags: save the run's state every N epochs or S seconds, and
/// continue a killed run from it with the same result as an uninterrupted one.
struct CheckpointOptions: ParsableArguments {
    @Option(name: .customLong("checkpoint-dir"), help: ArgumentHelp(
        "Save a checkpoint of the run into this directory (created if missing) every --checkpoint-every epochs.",
        discussion: "DIR/checkpoint.safetensors holds the weights, optimizer and schedule state, history and best epoch so far, replaced atomically.",
        valueName: "dir"))
    var checkpointDir: String?
    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp("Epochs between checkpoints (default 1).", valueName: "n"))
    var checkpointEvery: Int?
    @Option(name: .customLong("checkpoint-seconds"), help: ArgumentHelp("Instead: save at the end of the first epoch S seconds or more after the last checkpoint.", valueName: "s"))
    var checkpointSeconds: Double?
    @Option(help: ArgumentHelp(
        "Continue the run whose checkpoint is in this directory (and keep saving checkpoints there).",
        discussion: "The flags, data files and threads must be those of the run that wrote it; the model is then the one an uninterrupted run writes.",
        valueName: "dir"))
    var resume: String?

    /// The checkpoint file of a directory.
    static func file(in directory: String) -> URL {
        URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent("checkpoint.safetensors", isDirectory: false)
    }

    func validate() throws {
        if let checkpointEvery, checkpointEvery < 1 { throw ValidationError("--checkpoint-every must be at least 1, got \(checkpointEvery)") }
        if let checkpointSeconds, !(checkpointSeconds > 0) { throw ValidationError("--checkpoint-seconds must be positive, got \(checkpointSeconds)") }
        if checkpointEvery != nil && checkpointSeconds != nil {
            throw ValidationError("--checkpoint-every and --checkpoint-seconds exclude each other")
        }
        if (checkpointEvery != nil || checkpointSeconds != nil) && checkpointDir == nil && resume == nil {
            throw ValidationError("--checkpoint-every and --checkpoint-seconds need --checkpoint-dir (or --resume)")
        }
        if let checkpointDir, let resume, checkpointDir != resume {
            throw ValidationError("--resume continues saving into its own directory; drop --checkpoint-dir or give the same one")
        }
    }

    /// The plan for a run of `setup` over `files`, or `nil` without checkpoint flags.
    /// Writing failures are kept in `failure`: training then stops after that epoch and the
    /// command reports the failure (exit 1) instead of writing a model trained short.
    ///
    /// - Throws: `CheckpointError.mismatch` for a checkpoint written by another run,
    ///   `.invalid` for a missing or corrupt one; `CommandFailure` when the directory cannot
    ///   be created.
    func plan(setup: ForecastSetup, files: [String], failure: CheckpointWriteFailure) throws -> CheckpointPlan? {
        guard let directory = resume ?? checkpointDir else { return nil }
        let identity = RunIdentity(setup: setup, files: files)
        let text = String(decoding: try RunIdentity.encoder.encode(identity), as: UTF8.self)
        let url = Self.file(in: directory)
        var resumed: (TrainingCheckpoint, String)?
        if resume != nil {
            let checkpoint = try TrainingCheckpoint.read(from: url)
            if checkpoint.setup != text {
                let stored = try? RunIdentity.decoder.decode(RunIdentity.self, from: Data(checkpoint.setup.utf8))
                throw CheckpointError.mismatch(path: url.path, what: stored.map { identity.differences(from: $0) } ?? "settings")
            }
            resumed = (checkpoint, url.path)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(status: .failure, message: "\(directory): cannot create the checkpoint directory")
        }
        let interval: Checkpointing.Interval = checkpointSeconds.map { .seconds($0) } ?? .epochs(checkpointEvery ?? 1)
        let saving = Checkpointing(interval: interval, setup: text) { checkpoint in
            do {
                try checkpoint.write(to: url)
                return true
            } catch {
                failure.error = error
                return false
            }
        }
        return CheckpointPlan(checkpointing: saving, resume: resumed)
    }
}

/// The first error of a checkpoint write, reported once training has stopped.
final class CheckpointWriteFailure {
    var error: Error?

    /// Throws the error, if any.
    func check() throws {
        if let error { throw error }
    }
}

/// What decides a run, stored in each checkpoint and compared on resume: the setup (model,
/// data layout, training settings, and with them the thread count, since a recurrent batch
/// is split into as many row chunks) and the data files in order.
struct RunIdentity: Codable, Equatable {
    var setup: ForecastSetup
    var files: [String]

    /// The parts in which `self` (this run) differs from `stored`, for the mismatch message.
    func differences(from stored: RunIdentity) -> String {
        var parts: [String] = []
        if files != stored.files { parts.append("data files (checkpoint: \(stored.files.joined(separator: ", ")))") }
        var stored = stored
        let (before, now) = (stored.setup.training.threads, setup.training.threads)
        if before != now {
            parts.append("threads (checkpoint \(before.count), now \(now.count))")
            stored.setup.training.threads = now  // named on its own, not again as `training`
        }
        let fields = zip(Mirror(reflecting: stored.setup).children, Mirror(reflecting: setup).children).compactMap { old, new in
            String(describing: old.value) == String(describing: new.value) ? nil : old.label
        }
        if !fields.isEmpty { parts.append("settings (\(fields.joined(separator: ", ")))") }
        return parts.isEmpty ? "settings" : parts.joined(separator: "; ")
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
    static let decoder = JSONDecoder()
}
