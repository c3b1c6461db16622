import ArgumentParser
import TSForecast
import TSGenerative
import TSSupport
import TSTensor

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Learn the distribution of a series' windows (VAE, GAN or WGAN) and write synthetic windows.",
        discussion: """
            The model is trained on the windows of the training part (scaled on it; a cvae also
            on the --condition columns at each window's last row); N synthetic
            windows are written in original units, one per row (t0,…, then a cvae window's
            covariates); VAE windows are full draws
            from the decoder distribution (its mean plus its noise). The report compares them
            with the real training windows — per-position mean and std, autocorrelation at lags
            1..k, the marginal Wasserstein-1 distance — beside a naive baseline of i.i.d.
            Gaussian values with the data's mean and variance.
            """)

    @OptionGroup var options: GenerativeOptions
    @Option(help: "Window length.")
    var window: Int
    @Option(help: "Model: vae, cvae, gan or wgan.")
    var model: GenerativeSpec.Kind = .vae
    @Option(help: "cvae: covariate columns, comma-separated; a window is conditioned on their values at its last row.")
    var condition: String?
    @Option(help: "Number of synthetic windows.")
    var count = 100
    @Option(help: "Autocorrelation lags compared (1..k).")
    var lags = 5
    @Option(name: .shortAndLong, help: "Where to write the windows (CSV).")
    var output = "windows.csv"
    @Option(help: "Also write an SVG of real and synthetic windows.")
    var plot: String?

    /// What `--json` prints.
    struct Report: Encodable {
        var model: String
        var window: Int
        var count: Int
        var trainWindows: Int
        var synthetic: WindowComparison
        var baseline: WindowComparison
    }

    func run() throws {
        guard [.vae, .cvae, .gan, .wgan].contains(model) else {
            throw CommandFailure(status: .usage, message: "--model must be vae, cvae, gan or wgan, got \(model.rawValue)")
        }
        let conditions = condition.map { $0.split(separator: ",").map(String.init) } ?? []
        guard (model == .cvae) == !conditions.isEmpty else {
            throw CommandFailure(status: .usage, message: "--condition is required with --model cvae and allowed only with it")
        }
        guard count > 0, lags > 0 else { throw CommandFailure(status: .usage, message: "--count and --lags must be positive") }
        try options.validate(window: window)
        let series = try options.load(window: window, conditions: conditions)
        let (generative, spec, training, outcome) = try options.train(model, window: window, series: series)
        let scaling = (offset: spec.offset, scale: spec.scale)
        var rng = RandomGenerator(seed: options.seed &+ 1)
        // A CVAE window is conditioned on the covariates of a randomly drawn training window.
        let picks = conditions.isEmpty ? [] : (0..<count).map { _ in Int(rng.next() % UInt64(training.rows)) }
        let scaled: Tensor
        switch generative {
        case .variational(let vae):
            let covariates = series.windowConditions(length: window, rows: series.trainRows)?.gatheringRows(picks)
            scaled = vae.sample(count: count, condition: covariates, observationNoise: true, rng: &rng)
        case .adversarial(let gan): scaled = gan.generate(rng.normalTensor(shape: [count, spec.latentSize]))
        case .autoencoder: preconditionFailure("checked above: ae does not generate")
        }
        let unscale = { (t: Tensor) in Tensor(shape: t.shape, scalars: t.scalars.map { Float(Double($0) * scaling.scale + scaling.offset) }) }
        let synthetic = unscale(scaled), real = unscale(training)
        let baseline = unscale(rng.normalTensor(shape: [count, window]))
        var csv = ((0..<window).map { "t\($0)" } + conditions).joined(separator: ",") + "\n"
        for i in 0..<count {
            let covariates = picks.isEmpty ? [] : series.conditions.map { String(cFormat: "%.6g", $0[picks[i] + window - 1]) }
            csv += ((0..<window).map { String(cFormat: "%.6g", Double(synthetic[i, $0])) } + covariates).joined(separator: ",") + "\n"
        }
        try writeAtomically(Data(csv.utf8), to: URL(fileURLWithPath: output, isDirectory: false))
        if let plot { try writeChart(real: real, synthetic: synthetic, to: plot) }
        let report = Report(
            model: model.rawValue, window: window, count: count, trainWindows: training.rows,
            synthetic: WindowComparison(real: real, synthetic: synthetic, lags: lags),
            baseline: WindowComparison(real: real, synthetic: baseline, lags: lags))
        if options.json {
            print(try Output.json(report))
        } else {
            print(Self.table(report))
        }
        if let failure = outcome.failure { throw failure }
    }

    /// The closeness figures, synthetic beside baseline (lower is closer).
    static func table(_ r: Report) -> String {
        let rows: [(String, (WindowComparison) -> Double)] = [
            ("mean error per position", \.meanError), ("std error per position", \.stdError),
            ("ACF error (lags 1..\(r.synthetic.acfReal.count))", \.acfError), ("Wasserstein-1 (marginal)", \.wasserstein1),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        var lines = ["\(r.count) \(r.model) windows of \(r.window) vs \(r.trainWindows) training windows (lower is closer)",
                     "  " + "".padded(to: width) + "  " + "model".padded(to: 10) + "  i.i.d. Gaussian"]
        for (name, value) in rows {
            lines.append("  " + name.padded(to: width) + "  " + Output.number(value(r.synthetic)).padded(to: 10) + "  " + Output.number(value(r.baseline)))
        }
        return lines.joined(separator: "\n")
    }

    func writeChart(real: Tensor, synthetic: Tensor, to path: String) throws {
        let positions = (0..<window).map(Double.init)
        var chart = SVGChart(title: "real (blue) and synthetic (red) windows", xLabel: "position in window", yLabel: "value")
        for i in 0..<min(10, real.rows) {
            let row = i * real.rows / min(10, real.rows)
            chart.series.append(.init(name: i == 0 ? "real" : "", x: positions, y: (0..<window).map { Double(real[row, $0]) }, color: "#1f77b4"))
        }
        for i in 0..<min(10, synthetic.rows) {
            chart.series.append(.init(name: i == 0 ? "synthetic" : "", x: positions, y: (0..<window).map { Double(synthetic[i, $0]) }, color: "#d62728"))
        }
        try writeAtomically(Data(chart.render().utf8), to: URL(fileURLWithPath: path, isDirectory: false))
    }
}
