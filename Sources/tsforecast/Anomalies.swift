import ArgumentParser
import TSForecast
import TSGenerative
import TSSupport
import TSTensor
import TSTraining

struct Anomalies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "Score every row of a series by how badly an autoencoder (dense or convolutional) or VAE reconstructs its windows, and flag anomalies.",
        discussion: """
            The model is trained on the windows of the training part (--train, scaled on it) or
            read from --model-file. A row's score is the smallest of its reconstruction errors
            (ae, conv-ae: squared error; vae: −log p(x|z = μ); scaled units) over the windows
            covering it, so a row scores high only if no window reconstructs it. Rows scoring
            above the --threshold quantile of the training rows' scores are flagged. Writes
            time,value,score,anomaly. conv-ae: one stride-2 convolution (kernel 5) per --hidden
            width, so --window must be a multiple of 2^(number of widths); --latent is its
            dense bottleneck.
            """)

    @OptionGroup var options: GenerativeOptions
    @Option(help: "Window length (must match --model-file when one is given).")
    var window: Int?
    @Option(help: "Model to train: ae, conv-ae or vae.")
    var model: GenerativeSpec.Kind = .ae
    @Option(name: .customLong("model-file"), help: "Use this model file (from --save-model) instead of training.")
    var modelFile: String?
    @Option(name: .customLong("save-model"), help: "Write the trained model here (safetensors).")
    var saveModel: String?
    @Option(help: "Quantile of the training rows' scores above which a row is flagged.")
    var threshold = 0.99
    @Option(name: .shortAndLong, help: "Where to write the scores (CSV).")
    var output = "scores.csv"
    @Option(help: "Also write an SVG of the series, the scores and the flagged rows.")
    var plot: String?

    /// What `--json` prints.
    struct Report: Encodable {
        var model: String
        var window: Int
        var rows: Int
        var trainRows: Int
        var quantile: Double
        var threshold: Double
        var flagged: Int
        var flaggedRows: [Int]
        var trainLoss: Double?
        var meanNegativeELBO: Double?
    }

    func run() throws {
        guard threshold > 0 && threshold < 1 else { throw CommandFailure(status: .usage, message: "--threshold must be in (0, 1), got \(threshold)") }
        guard [.ae, .convAE, .vae].contains(model) else {
            throw CommandFailure(status: .usage, message: "--model must be ae, conv-ae or vae, got \(model.rawValue)")
        }
        let (generative, spec, outcome) = try obtainModel()
        let series = try options.load(window: spec.inputSize)
        let windows = SlidingWindows.windows(series.values, length: spec.inputSize, offset: spec.offset, scale: spec.scale)
        let elementScores: Tensor
        var meanNegativeELBO: Double?
        switch generative {
        case .autoencoder(let ae): elementScores = ae.elementErrors(windows)
        case .variational(let vae):
            guard vae.conditionSize == 0 else { throw Self.needsCovariates(modelFile) }
            elementScores = vae.elementNegativeLogLikelihood(windows)
            let elbo = vae.negativeELBO(windows)
            meanNegativeELBO = elbo.reduce(0, +) / Double(max(elbo.count, 1))
        case .adversarial: throw CommandFailure(status: .modelFileError, message: "\(modelFile ?? ""): a \(spec.kind.rawValue) model has no reconstruction; use an ae, conv-ae or vae model file")
        }
        let scores = SlidingWindows.rowScores(elementScores: elementScores)
        let cut = SlidingWindows.quantile(Array(scores[..<series.trainRows]), threshold)
        let flagged = scores.indices.filter { scores[$0] > cut }
        var csv = "\(series.timeName ?? "row"),\(series.target),score,anomaly\n"
        for row in scores.indices {
            csv += "\(series.timeText(row)),\(series.values[row]),\(String(cFormat: "%.6g", scores[row])),\(scores[row] > cut ? 1 : 0)\n"
        }
        try writeAtomically(Data(csv.utf8), to: URL(fileURLWithPath: output, isDirectory: false))
        if let plot { try writeChart(series: series, scores: scores, flagged: flagged, to: plot) }
        let report = Report(
            model: spec.kind.rawValue, window: spec.inputSize, rows: scores.count, trainRows: series.trainRows, quantile: threshold,
            threshold: cut, flagged: flagged.count, flaggedRows: flagged, trainLoss: outcome?.history.last?.trainLoss,
            meanNegativeELBO: meanNegativeELBO)
        if options.json {
            print(try Output.json(report))
        } else {
            print("\(spec.kind.rawValue), window \(spec.inputSize): \(flagged.count) of \(scores.count) rows flagged (score > \(Output.number(cut)), the \(threshold) quantile of the training rows)")
        }
        if let failure = outcome?.failure { throw failure }
    }

    /// The model of `--model-file`, or one trained on the training windows (and saved
    /// with `--save-model`).
    func obtainModel() throws -> (GenerativeModel, GenerativeSpec, TrainingOutcome?) {
        if let modelFile {
            let (loaded, spec) = try GenerativeModel.load(from: URL(fileURLWithPath: modelFile, isDirectory: false))
            if let window, window != spec.inputSize {
                throw CommandFailure(status: .usage, message: "--window \(window) does not match the model file's window \(spec.inputSize) (\(modelFile))")
            }
            return (loaded, spec, nil)
        }
        guard let window else { throw CommandFailure(status: .usage, message: "--window is required unless --model-file is given") }
        try options.validate(window: window)
        if model == .convAE, let problem = ConvAutoencoder.windowProblem(window: window, layers: try options.hiddenSizes().count) {
            throw CommandFailure(status: .usage, message: "--window: \(problem) (--hidden \(options.hidden))")
        }
        let trained = try options.train(model, window: window, series: try options.load(window: window))
        if let saveModel { try trained.model.save(to: URL(fileURLWithPath: saveModel, isDirectory: false), spec: trained.spec) }
        return (trained.model, trained.spec, trained.outcome)
    }

    /// The error for a CVAE model file, whose windows need covariates these commands do
    /// not read.
    static func needsCovariates(_ file: String?) -> CommandFailure {
        CommandFailure(status: .modelFileError, message: "\(file ?? "the model"): a cvae model needs covariates; use an ae or vae model file")
    }

    func writeChart(series: WindowedSeries, scores: [Double], flagged: [Int], to path: String) throws {
        let xs = scores.indices.map(series.x)
        let (low, high) = (series.values.min() ?? 0, series.values.max() ?? 1)
        let top = scores.max() ?? 1
        var chart = SVGChart(title: "\(series.target): reconstruction score and flagged rows", xLabel: series.timeName ?? "row", yLabel: series.target)
        chart.series.append(.init(name: series.target, x: xs, y: series.values, color: "#1f77b4"))
        chart.series.append(.init(name: "score (rescaled)", x: xs, y: scores.map { low + (high - low) * $0 / max(top, 1e-12) }, color: "#7f7f7f"))
        let points = SVGScatterChart.Points(name: "flagged", x: flagged.map(series.x), y: flagged.map { series.values[$0] }, color: "#d62728", radius: 4)
        try writeAtomically(Data(SVGScatterChart(chart: chart, points: [points]).render().utf8), to: URL(fileURLWithPath: path, isDirectory: false))
    }
}
