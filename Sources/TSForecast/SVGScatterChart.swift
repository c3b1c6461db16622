import TSSupport

/// An `SVGChart` with scatter points: the chart's lines, bands, axes and legend, plus sets
/// of points drawn as circles (training data over a fitted curve, predictions against
/// actuals).
///
/// Each point set is one legend entry and widens the axes like a series does. A point
/// `(x[i], y[i])` with a non-finite coordinate (or `y ≤ 0` on a log axis) is not drawn.
public struct SVGScatterChart: Sendable {
    /// One set of points, `x[i], y[i]` pairs, drawn as circles of `radius` pixels.
    public struct Points: Sendable {
        /// The legend label.
        public var name: String
        /// Horizontal coordinates, data units.
        public var x: [Double]
        /// Vertical coordinates, data units (one per `x`).
        public var y: [Double]
        /// An SVG colour.
        public var color: String
        /// Circle radius, pixels.
        public var radius: Double
        /// A set of `x[i], y[i]` points.
        public init(name: String, x: [Double], y: [Double], color: String, radius: Double = 3) {
            precondition(x.count == y.count, "SVGScatterChart.Points '\(name)': \(x.count) x values vs \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
            self.radius = radius
        }
    }

    /// The lines, bands, labels and size.
    public var chart: SVGChart
    /// The point sets, drawn over the lines in order.
    public var points: [Points]

    /// `points` drawn over `chart`.
    public init(chart: SVGChart, points: [Points]) {
        self.chart = chart
        self.points = points
    }

    /// The chart as an SVG document.
    public func render() -> String {
        // Each point set joins the chart as a series broken after every point: it adds a
        // legend entry and widens the axes, and a run of one point draws no line.
        var base = chart
        for set in points {
            base.series.append(SVGChart.Series(
                name: set.name, x: set.x.flatMap { [$0, $0] }, y: set.y.flatMap { [$0, .nan] }, color: set.color))
        }
        let ty: (Double) -> Double = base.logScaleY ? { $0 > 0 ? log10($0) : .nan } : { $0 }
        // The same axis ranges as `SVGChart.render`.
        let xs = base.series.flatMap(\.x) + base.bands.flatMap(\.x)
        let ys = (base.series.flatMap(\.y) + base.bands.flatMap(\.lower) + base.bands.flatMap(\.upper)).map(ty).filter(\.isFinite)
        let (x0, x1) = SVGChart.range(xs.filter(\.isFinite))
        let (y0, y1) = SVGChart.range(ys)
        let margin = base.margin
        let plotW = base.width - margin.left - margin.right
        let plotH = base.height - margin.top - margin.bottom
        var circles = ""
        for set in points {
            for (x, y) in zip(set.x, set.y) where x.isFinite && ty(y).isFinite {
                let cx = margin.left + (x - x0) / (x1 - x0) * plotW
                let cy = margin.top + (1 - (ty(y) - y0) / (y1 - y0)) * plotH
                circles += "<circle cx=\"\(String(cFormat: "%.2f", cx))\" cy=\"\(String(cFormat: "%.2f", cy))\" r=\"\(set.radius)\" fill=\"\(set.color)\" fill-opacity=\"0.7\"/>\n"
            }
        }
        let svg = base.render()  // ends with "</svg>\n"
        return String(svg.dropLast("</svg>\n".count)) + circles + "</svg>\n"
    }
}
