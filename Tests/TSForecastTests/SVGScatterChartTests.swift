import Foundation
import Testing
import TSForecast

@Suite struct SVGScatterChartTests {
    /// The `cx, cy` attributes of every `<circle>` in `svg`.
    private func circles(_ svg: String) -> [(Double, Double)] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<circle") }.map { line in
            let value = { (key: String) -> Double in
                let start = line.range(of: "\(key)=\"")!.upperBound
                return Double(line[start...].prefix { $0 != "\"" })!
            }
            return (value("cx"), value("cy"))
        }
    }

    /// Points at the corners of the data: the axes span the data plus 4 % on each side, so
    /// x = 0 of [0, 1] sits 0.04/1.08 of the plot width (810 px, from 70 px) from the left
    /// edge (100 px), and y = 10 of [0, 10] 0.4/10.8 of the plot height (310 px, from
    /// 40 px) below the top (51.48 px). A line through the same range leaves them there.
    @Test func placesPointsOnTheChartsAxes() {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y")
        chart.series = [SVGChart.Series(name: "line", x: [0, 1], y: [0, 10], color: "blue")]
        let scatter = SVGScatterChart(
            chart: chart,
            points: [SVGScatterChart.Points(name: "data", x: [0, 1, .nan], y: [10, 0, 5], color: "red")])
        let svg = scatter.render()
        let found = circles(svg)
        #expect(found.count == 2, "the non-finite point is skipped")
        #expect(abs(found[0].0 - 100) < 0.01 && abs(found[0].1 - (40 + 0.4 / 10.8 * 310)) < 0.01, "\(found)")
        #expect(abs(found[1].0 - (70 + 1.04 / 1.08 * 810)) < 0.01 && abs(found[1].1 - (40 + 10.4 / 10.8 * 310)) < 0.01, "\(found)")
        #expect(svg.contains(">data</text>"), "the point set has a legend entry")
        #expect(svg.hasSuffix("</svg>\n"))
    }

    /// Points outside the lines' range widen the axes: the line now spans only part of the plot.
    @Test func pointsWidenTheAxes() {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y")
        chart.series = [SVGChart.Series(name: "line", x: [0, 1], y: [0, 1], color: "blue")]
        let svg = SVGScatterChart(
            chart: chart, points: [SVGScatterChart.Points(name: "far", x: [3], y: [1], color: "red")]).render()
        let found = circles(svg)
        #expect(found.count == 1)
        #expect(abs(found[0].0 - (70 + 3.12 / 3.24 * 810)) < 0.01, "\(found)")
    }
}
