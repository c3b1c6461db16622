import TSSupport

/// A self-contained SVG line chart: series drawn as polylines, an optional shaded band
/// (e.g. a prediction interval), axes with "nice" ticks, a title and a legend.
///
/// The output is standalone XML that any browser opens; no scripts, no external files.
public struct SVGChart: Sendable {
    /// One polyline: `x[i], y[i]` pairs; non-finite `y` values break the line.
    public struct Series: Sendable {
        /// The legend label.
        public var name: String
        /// Horizontal coordinates, data units.
        public var x: [Double]
        /// Vertical coordinates, data units (one per `x`).
        public var y: [Double]
        /// An SVG colour (`#1f77b4`).
        public var color: String
        /// A polyline of `x[i], y[i]` pairs.
        public init(name: String, x: [Double], y: [Double], color: String) {
            precondition(x.count == y.count, "SVGChart.Series '\(name)': \(x.count) x values vs \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
        }
    }

    /// A shaded region between `lower` and `upper` over `x`.
    public struct Band: Sendable {
        /// The legend label.
        public var name: String
        /// Horizontal coordinates, data units.
        public var x: [Double]
        /// The band's lower edge at each `x`.
        public var lower: [Double]
        /// The band's upper edge at each `x`.
        public var upper: [Double]
        /// An SVG colour, drawn translucent.
        public var color: String
        /// A band between `lower` and `upper` over `x`.
        public init(name: String, x: [Double], lower: [Double], upper: [Double], color: String) {
            precondition(x.count == lower.count && x.count == upper.count, "SVGChart.Band '\(name)': lengths differ")
            self.name = name
            self.x = x
            self.lower = lower
            self.upper = upper
            self.color = color
        }
    }

    /// The heading above the plot.
    public var title: String
    /// The horizontal axis label.
    public var xLabel: String
    /// The vertical axis label.
    public var yLabel: String
    /// The polylines, drawn in order.
    public var series: [Series] = []
    /// The shaded bands, drawn under the polylines.
    public var bands: [Band] = []
    /// Draw the y axis on a log scale (for loss curves); values ≤ 0 are skipped.
    public var logScaleY = false
    /// The document width, SVG units.
    public var width = 900.0
    /// The document height, SVG units.
    public var height = 420.0

    /// An empty chart with these labels.
    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    let margin = (left: 70.0, right: 20.0, top: 40.0, bottom: 70.0)

    /// The chart as an SVG document.
    public func render() -> String {
        let ty: (Double) -> Double = logScaleY ? { $0 > 0 ? log10($0) : .nan } : { $0 }
        let xs = series.flatMap(\.x) + bands.flatMap(\.x)
        let ys = (series.flatMap(\.y) + bands.flatMap(\.lower) + bands.flatMap(\.upper)).map(ty).filter(\.isFinite)
        let (x0, x1) = Self.range(xs.filter(\.isFinite))
        let (y0, y1) = Self.range(ys)
        let plotW = width - margin.left - margin.right
        let plotH = height - margin.top - margin.bottom
        let px = { (x: Double) in self.margin.left + (x - x0) / (x1 - x0) * plotW }
        let py = { (y: Double) in self.margin.top + (1 - (ty(y) - y0) / (y1 - y0)) * plotH }

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(fmt(width / 2))" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        svg += axes(x0: x0, x1: x1, y0: y0, y1: y1, px: px, plotW: plotW, plotH: plotH)
        for band in bands {
            let upper = zip(band.x, band.upper).filter { $0.1.isFinite && ty($0.1).isFinite }.map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }
            let lower = zip(band.x, band.lower).filter { $0.1.isFinite && ty($0.1).isFinite }.reversed().map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }
            svg += "<polygon class=\"band\" data-name=\"\(escape(band.name))\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(band.color)\" fill-opacity=\"0.25\" stroke=\"none\"/>\n"
        }
        for s in series {
            for segment in segments(s, transform: ty) {
                let points = segment.map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }.joined(separator: " ")
                svg += "<polyline class=\"series\" data-name=\"\(escape(s.name))\" points=\"\(points)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.5\"/>\n"
            }
        }
        svg += legend()
        svg += "</svg>\n"
        return svg
    }

    /// Splits a series at non-finite values into drawable runs of `(x, y)`.
    private func segments(_ s: Series, transform: (Double) -> Double) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [[]]
        for (x, y) in zip(s.x, s.y) {
            if x.isFinite && y.isFinite && transform(y).isFinite {
                runs[runs.count - 1].append((x, y))
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    private func axes(
        x0: Double, x1: Double, y0: Double, y1: Double, px: (Double) -> Double, plotW: Double, plotH: Double
    ) -> String {
        let left = margin.left, top = margin.top, bottom = margin.top + plotH
        var out = "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotW))\" height=\"\(fmt(plotH))\" fill=\"none\" stroke=\"#444\"/>\n"
        for t in Self.ticks(x0, x1) {
            let x = px(t)
            out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom + 5))\" stroke=\"#444\"/>"
            out += "<text x=\"\(fmt(x))\" y=\"\(fmt(bottom + 18))\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        for t in logScaleY ? Self.logTicks(y0, y1) : Self.ticks(y0, y1) {
            let y = top + (1 - (t - y0) / (y1 - y0)) * plotH
            let text = logScaleY ? Self.label(pow(10, t)) : Self.label(t)
            out += "<line x1=\"\(fmt(left - 5))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(y))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(text)</text>\n"
        }
        out += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(bottom + 38))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(16,\(fmt(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        return out
    }

    private func legend() -> String {
        var out = ""
        var x = margin.left
        let y = height - 14
        for (name, color) in series.map({ ($0.name, $0.color) }) + bands.map({ ($0.name, $0.color) }) {
            out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 9))\" width=\"14\" height=\"10\" fill=\"\(color)\"/>"
            out += "<text x=\"\(fmt(x + 18))\" y=\"\(fmt(y))\">\(escape(name))</text>\n"
            x += 30 + Double(name.count) * 7
        }
        return out
    }

    /// `[min, max]` widened when empty or flat so the scale never divides by zero.
    static func range(_ values: [Double]) -> (Double, Double) {
        guard let lo = values.min(), let hi = values.max() else { return (0, 1) }
        if hi - lo < 1e-12 { return (lo - 1, hi + 1) }
        let pad = (hi - lo) * 0.04
        return (lo - pad, hi + pad)
    }

    /// About six round tick values inside `[lo, hi]` (steps of 1, 2 or 5 × 10ⁿ).
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        let raw = (hi - lo) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = ceil(lo / step) * step
        return stride(from: first, through: hi, by: step).map { $0 }
    }

    /// Log-axis ticks (`log10` of `m·10ⁿ`, `m ∈ {1, 2, 5}`) inside `[lo, hi]` (in log10 units).
    static func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
        let decades = Int(floor(lo))...Int(ceil(hi))
        let all = decades.flatMap { e in [1.0, 2, 5].map { log10($0) + Double(e) } }.filter { $0 >= lo && $0 <= hi }
        return all.count > 8 ? all.filter { $0 == $0.rounded() } : all
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        if v != 0 && (abs(v) >= 1e5 || abs(v) < 1e-3) { return String(cFormat: "%.2g", v) }
        return String(cFormat: "%g", (v * 1e6).rounded() / 1e6)
    }

    private func fmt(_ v: Double) -> String { String(cFormat: "%.2f", v) }

    private func escape(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}
