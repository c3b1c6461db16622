import ArgumentParser
import TSData
import TSForecast
import TSSupport
import TSTensor

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Train or forecast many series with one configuration, in parallel, shardable across machines.",
        discussion: """
            INPUTS are CSV files, directories (every *.csv inside) or manifests (*.txt, one
            path per line, relative to the manifest). Series are sorted by path; --shard i/N
            keeps every N-th starting at i, so N processes (a Kubernetes Indexed Job, a Slurm
            job array) cover each series exactly once. A failing series is reported in the
            summary and does not stop the others; the exit code is then 2.
              train:    writes OUT/<name>.safetensors; with --resume, series whose model
                        file is already there (written by a run with the same flags) are
                        skipped, so a killed batch continues where it stopped
              forecast: reads MODELS/<name>.safetensors, writes OUT/<name>.forecast.csv
            The summary goes to OUT/summary-<shard>.json (and .csv).
            """,
        subcommands: [BatchTrain.self, BatchForecast.self])
}

/// Flags shared by both batch modes.
struct BatchOptions: ParsableArguments {
    @Argument(help: "CSV files, directories or manifest files.")
    var inputs: [String]
    @Option(help: "Output directory.")
    var out: String
    @Option(help: "Process only shard i of N (e.g. 0/4).")
    var shard: String?
    @Flag(name: .customLong("shard-from-env"), help: "Take the shard index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID and the count from --shard-count.")
    var shardFromEnv = false
    @Option(name: .customLong("shard-count"), help: "Number of shards with --shard-from-env (default: SLURM_ARRAY_TASK_COUNT).")
    var shardCount: Int?
    @Option(help: "Series processed at once (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try selectedShard()
    }

    /// `(index, count)` from `--shard` or the environment, `(0, 1)` without either.
    func selectedShard() throws -> BatchShard {
        if let shard {
            guard let parsed = BatchShard(parsing: shard) else {
                throw ValidationError("--shard expects i/N with 0 ≤ i < N, got '\(shard)'")
            }
            return parsed
        }
        guard shardFromEnv else { return BatchShard(index: 0, count: 1) }
        let env = ProcessInfo.processInfo.environment
        guard let indexText = env["JOB_COMPLETION_INDEX"] ?? env["SLURM_ARRAY_TASK_ID"], let index = Int(indexText) else {
            throw ValidationError("--shard-from-env: neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID holds a number")
        }
        guard let count = shardCount ?? env["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init), index >= 0, index < count else {
            throw ValidationError("--shard-from-env: give --shard-count N (or SLURM_ARRAY_TASK_COUNT) with index \(index) < N")
        }
        return BatchShard(index: index, count: count)
    }

    /// Runs `work` on every selected series, `jobs` at a time (each on one thread: the
    /// commands give their setups `ComputeThreads.single`),
    /// writes the summary and fails with exit code 2 when any series failed.
    func run(label: String, work: @escaping @Sendable (String) throws -> BatchResult.Detail) throws {
        let shard = try selectedShard()
        let files = try BatchInputs.expand(inputs)
        let selected = shard.select(files)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let results = BatchRunner(jobs: jobs).run(selected) { file in
            let start = Date()
            do {
                let detail = try work(file)
                return BatchResult(
                    file: file, status: detail.skipped ? .skipped : .ok, error: nil, detail: detail, seconds: Date().timeIntervalSince(start))
            } catch {
                let message = describe(error)?.1 ?? String(describing: error)
                try? StandardStream.error.write("tsforecast: \(label) \(file): \(message)\n")
                return BatchResult(file: file, status: .failed, error: message, detail: nil, seconds: Date().timeIntervalSince(start))
            }
        }
        let base = URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent("summary-\(shard.index)-of-\(shard.count)")
        try writeAtomically(Data(try Output.json(results).utf8), to: base.appendingPathExtension("json"))
        try writeAtomically(Data(BatchResult.csv(results).utf8), to: base.appendingPathExtension("csv"))
        let failed = results.filter { $0.status == .failed }.count
        let skipped = results.filter { $0.status == .skipped }.count
        let skips = skipped > 0 ? "; skipped \(skipped) finished" : ""
        print("\(label): \(results.count - failed) of \(results.count) series ok (shard \(shard.index)/\(shard.count)\(skips)); summary \(base.path).json")
        if failed > 0 { throw CommandFailure(status: .partialFailure, message: "\(failed) of \(results.count) series failed; see \(base.path).json") }
    }
}

struct BatchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train one model per series.")
    @OptionGroup var batch: BatchOptions
    @OptionGroup var options: TrainOptions
    @Flag(help: "Skip series whose model file in --out is complete (same flags); train the others.")
    var resume = false

    func validate() throws {
        if options.threads != nil {
            throw ValidationError("--threads applies to train and backtest; batch trains each series on one thread, --jobs at a time")
        }
    }

    func run() throws {
        var oneThread = options.setup
        oneThread.training.threads = .single  // --jobs series train at once, one thread each
        let setup = oneThread
        let (out, resume) = (batch.out, resume)
        try batch.run(label: "train") { file in
            let model = URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent(CSVReader.stem(of: file) + ".safetensors", isDirectory: false)
            if resume, let finished = try Self.finishedModel(at: model, setup: setup), let report = finished.metadata.training {
                return .init(output: model.path, testRMSE: report.test.rmse, persistenceRMSE: report.baselines.persistence.rmse, skipped: true)
            }
            let run = try ForecastPipeline.train(file: file, setup: setup, progress: nil)
            try run.model.save(to: model)
            if let failure = run.outcome.failure { throw failure }
            return .init(output: model.path, testRMSE: run.report.test.rmse, persistenceRMSE: run.report.baselines.persistence.rmse)
        }
    }

    /// The model at `url` when an earlier run of `setup` finished it: the file exists,
    /// loads (its checksum verifies) and its training ended without a failure (a failed
    /// series is trained again, to report it again). Model files are written atomically, so
    /// one that exists is complete; an unreadable one is trained again.
    ///
    /// - Throws: `CommandFailure` (usage) when the model was trained with other flags; the
    ///   column names the data decided (target, inputs, time), the calendar features
    ///   `--calendar auto` chose and the order `--diff auto` chose are taken from the model.
    static func finishedModel(at url: URL, setup: ForecastSetup) throws -> ForecastModel? {
        guard FileManager.default.fileExists(atPath: url.path), let model = try? ForecastModel.load(from: url),
            model.metadata.training?.failure == nil
        else { return nil }
        let stored = model.metadata.setup
        var mine = setup
        mine.target = mine.target ?? stored.target
        mine.timeColumn = mine.timeColumn ?? stored.timeColumn
        if mine.inputs.isEmpty { mine.inputs = stored.inputs }
        if mine.calendar == .auto { mine.calendar = stored.calendar }
        if mine.autoDifference { (mine.difference, mine.autoDifference) = (stored.difference, false) }
        guard mine == stored else {
            throw CommandFailure(status: .usage, message: "\(url.path) was trained with other flags; remove it or run without --resume")
        }
        return model
    }
}

struct BatchForecast: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forecast", abstract: "Forecast every series with its saved model.")
    @OptionGroup var batch: BatchOptions
    @Option(help: "Directory holding <name>.safetensors for each series.")
    var models: String
    @Option(help: "Steps to forecast.")
    var horizon: Int?

    func run() throws {
        let (models, out, horizon) = (models, batch.out, horizon)
        try batch.run(label: "forecast") { file in
            let stem = CSVReader.stem(of: file)
            let model = try ForecastModel.load(from: URL(fileURLWithPath: models, isDirectory: true).appendingPathComponent(stem + ".safetensors", isDirectory: false), trainingReport: false)
            let output = URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent(stem + ".forecast.csv", isDirectory: false)
            try writeAtomically(Data(try model.forecast(file: file, horizon: horizon).csv().utf8), to: output)
            return .init(output: output.path, testRMSE: nil, persistenceRMSE: nil)
        }
    }
}
