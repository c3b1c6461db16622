import Logging
import TSForecast
import TSSupport
import TSTraining

/// Shows training progress on stderr: a redrawn bar (epoch, loss, val loss, ETA) when
/// stderr is a terminal, one plain log line per epoch otherwise (cron, CI, pipes), and
/// nothing with `--quiet`. For an ensemble of `members` networks, whose members' epochs
/// arrive interleaved, the bar and ETA count member epochs (`k/(epochs·members)`), and each
/// log line adds that count.
final class ProgressReporter {
    private let totalEpochs: Int
    private let members: Int
    private var reported = 0
    private let interactive: Bool
    private let quiet: Bool
    private let logger: Logger
    private let start = Date()
    private var drewBar = false

    init(totalEpochs: Int, quiet: Bool, label: String = "tsforecast", members: Int = 1) {
        self.totalEpochs = totalEpochs
        self.members = members
        self.quiet = quiet
        interactive = isatty(STDERR_FILENO) == 1
        logger = Logger(label: label)
    }

    /// A training progress callback that reports each epoch and never stops the run.
    var progress: (EpochRecord) -> Bool {
        { record in
            self.epochFinished(record)
            return true
        }
    }

    /// Reports one finished epoch.
    func epochFinished(_ record: EpochRecord) {
        guard !quiet else { return }
        reported += 1
        let val = record.validationLoss.map { String(cFormat: "%.5f", $0) } ?? "-"
        let loss = String(cFormat: "%.5f", record.trainLoss)
        let (done, total) = members > 1 ? (reported, totalEpochs * members) : (record.epoch, totalEpochs)
        let ensemble = members > 1 ? " (\(done) of \(total) member epochs)" : ""
        if interactive {
            let elapsed = Date().timeIntervalSince(start)
            let eta = elapsed / Double(done) * Double(max(total - done, 0))
            let width = 24
            let filled = min(width * done / max(total, 1), width)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "epoch \(record.epoch)/\(totalEpochs) \(bar) loss \(loss) val \(val) ETA \(Self.clock(eta))\(ensemble)"
            try? StandardStream.error.write("\r\u{1B}[2K\(line)")
            drewBar = true
        } else {
            logger.info("epoch \(record.epoch)/\(totalEpochs) loss \(loss) val \(val) lr \(record.learningRate)\(ensemble)")
        }
    }

    /// Ends the bar's line so later output starts on a fresh line.
    func finish() {
        if drewBar { try? StandardStream.error.write("\n") }
        drewBar = false
    }

    /// Writes an informational line to stderr (suppressed by `--quiet`).
    func note(_ message: String) {
        guard !quiet else { return }
        finish()
        logger.info("\(message)")
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? seconds : 0)
        return String(cFormat: "%d:%02d", s / 60, s % 60)
    }
}

/// swift-log's handler for this tool: plain `message` lines on stderr, no timestamps or
/// labels, so per-epoch lines in a cron log read cleanly.
struct PlainStderrLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        try? StandardStream.error.write("\(event.message)\n")
    }
}
