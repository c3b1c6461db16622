import ArgumentParser
import TSForecast
import TSGenerative
import TSSupport
import TSTensor

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Write the latent code of every window of a series (a dense or convolutional autoencoder's code, a VAE's posterior mean).",
        discussion: "One row per window, named by the time of its last row: time,z0,z1,… (the model file's scaling applies).")

    @Argument(help: "The CSV file holding the series.")
    var csv: String
    @Option(name: .customLong("model-file"), help: "An ae, conv-ae or vae model file (from `anomalies --save-model`).")
    var modelFile: String
    @Option(help: "Window length (must match the model file; default: the model file's).")
    var window: Int?
    @Option(help: "Target column (default: the only numeric column besides the time column).")
    var target: String?
    @Option(help: "Time column (default: a first column holding dates).")
    var time: String?
    @Option(name: .shortAndLong, help: "Where to write the codes (CSV).")
    var output = "codes.csv"
    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    /// What `--json` prints.
    struct Report: Encodable {
        var model: String
        var window: Int
        var windows: Int
        var codeSize: Int
        var output: String
    }

    func run() throws {
        let (model, spec) = try GenerativeModel.load(from: URL(fileURLWithPath: modelFile, isDirectory: false))
        if let window, window != spec.inputSize {
            throw CommandFailure(status: .usage, message: "--window \(window) does not match the model file's window \(spec.inputSize) (\(modelFile))")
        }
        let loaded = try SeriesLoader.load(file: csv, target: target, inputs: [], timeColumn: time, missing: .error)
        let values = loaded.recording.target.map(Double.init)
        guard values.count >= spec.inputSize else {
            throw CommandFailure(status: .dataError, message: "\(csv): \(values.count) rows, fewer than the window \(spec.inputSize)")
        }
        let windows = SlidingWindows.windows(values, length: spec.inputSize, offset: spec.offset, scale: spec.scale)
        let codes: Tensor
        switch model {
        case .autoencoder(let ae): codes = ae.encode(windows)
        case .variational(let vae):
            guard vae.conditionSize == 0 else { throw Anomalies.needsCovariates(modelFile) }
            codes = vae.encode(windows)
        case .adversarial: throw CommandFailure(status: .modelFileError, message: "\(modelFile): a \(spec.kind.rawValue) model has no encoder; use an ae, conv-ae or vae model file")
        }
        let width = codes.shape[1]
        var csvText = ([loaded.columns.time ?? "row"] + (0..<width).map { "z\($0)" }).joined(separator: ",") + "\n"
        for i in 0..<codes.rows {
            let row = i + spec.inputSize - 1
            let label = loaded.time.map { $0.format($0.values[row]) } ?? String(row)
            csvText += ([label] + (0..<width).map { String(cFormat: "%.6g", Double(codes[i, $0])) }).joined(separator: ",") + "\n"
        }
        try writeAtomically(Data(csvText.utf8), to: URL(fileURLWithPath: output, isDirectory: false))
        let report = Report(model: spec.kind.rawValue, window: spec.inputSize, windows: codes.rows, codeSize: width, output: output)
        print(json ? try Output.json(report) : "\(report.windows) codes of size \(width) (\(report.model), window \(report.window)) written to \(output)")
    }
}
