import Dispatch
import Synchronization
import TSData
import TSSupport

/// Shard `index` of `count`: the series at sorted positions `p` with `p mod count == index`.
struct BatchShard: Equatable {
    var index: Int
    var count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/N` with `0 ≤ i < N`.
    init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else { return nil }
        self.init(index: i, count: n)
    }

    /// This shard's part of `items` (already in a stable order).
    func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % count == index }.map(\.element)
    }
}

/// Expands batch inputs into a sorted, de-duplicated list of CSV paths.
enum BatchInputs {
    static func expand(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for input in inputs {
            let kind = PathKind(of: input)
            guard kind != .missing else {
                throw CommandFailure(status: .usage, message: "batch input '\(input)' does not exist")
            }
            if kind == .directory {
                let names = try fm.contentsOfDirectory(atPath: input).filter { $0.lowercased().hasSuffix(".csv") }
                files += names.map { URL(fileURLWithPath: input, isDirectory: true).appendingPathComponent($0, isDirectory: false).path }
            } else if input.lowercased().hasSuffix(".txt") {
                let base = URL(fileURLWithPath: input, isDirectory: false).deletingLastPathComponent()
                let lines = try String(contentsOfFile: input, encoding: .utf8).split(whereSeparator: \.isNewline)
                    .map { $0.trimmingBlanks() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
                files += lines.map { $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0, isDirectory: false).path }
            } else {
                files.append(input)
            }
        }
        let unique = Array(Set(files)).sorted()
        let stems = Dictionary(grouping: unique, by: CSVReader.stem(of:)).filter { $0.value.count > 1 }
        if let clash = stems.first {
            throw CommandFailure(status: .usage, message: "batch inputs \(clash.value.joined(separator: ", ")) share the name '\(clash.key)'; outputs would collide")
        }
        return unique
    }
}

/// How one series of a batch ended (JSON and CSV: `ok`, `failed`, `skipped`: finished by
/// an earlier run, found with `batch train --resume`).
enum BatchStatus: String, Codable {
    case ok, failed, skipped
}

/// The outcome of one series in a batch run.
struct BatchResult: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var output: String
        var testRMSE: Double?
        var persistenceRMSE: Double?
        /// The series was finished by an earlier run (not written to JSON: `status` says it).
        var skipped = false
        enum CodingKeys: String, CodingKey {
            case output
            case testRMSE = "test_rmse"
            case persistenceRMSE = "persistence_rmse"
        }
    }
    var file: String
    var status: BatchStatus
    var error: String?
    var detail: Detail?
    var seconds: Double

    /// The results as CSV: file, status, output, test_rmse, persistence_rmse, seconds, error.
    static func csv(_ results: [BatchResult]) -> String {
        func quote(_ s: String) -> String { "\"" + s.replacing("\"", with: "\"\"") + "\"" }
        var lines = ["file,status,output,test_rmse,persistence_rmse,seconds,error"]
        for r in results {
            let fields = [
                quote(r.file), r.status.rawValue, quote(r.detail?.output ?? ""), r.detail?.testRMSE.map { "\($0)" } ?? "",
                r.detail?.persistenceRMSE.map { "\($0)" } ?? "", String(cFormat: "%.3f", r.seconds), quote(r.error ?? ""),
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Runs independent jobs on `jobs` threads, keeping results in input order.
struct BatchRunner {
    var jobs: Int

    func run<T: Sendable>(_ items: [String], _ body: @escaping @Sendable (String) -> T) -> [T] {
        let results = ResultSlots<T>(count: items.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(items.count, 1))) { _ in
            while let i = next.take(below: items.count) { results.set(i, body(items[i])) }
        }
        return results.values
    }
}

/// A lock-protected next-index counter shared by worker threads.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func take(below limit: Int) -> Int? {
        value.withLock { value in
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}

/// Result storage written by worker threads, one slot each.
private final class ResultSlots<T: Sendable>: Sendable {
    private let slots: Mutex<[T?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    func set(_ i: Int, _ value: T) {
        slots.withLock { $0[i] = value }
    }
    var values: [T] { slots.withLock { $0.map { $0! } } }
}
