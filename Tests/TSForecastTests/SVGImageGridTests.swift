import Testing
import TSForecast

@Suite struct SVGImageGridTests {
    /// The `fill` of every pixel `<rect>` (8 units wide) in `svg`, in drawing order.
    private func pixelFills(_ svg: String) -> [String] {
        svg.split(separator: "<rect").filter { $0.contains("width=\"8.0\"") && !$0.contains("fill=\"none\"") }.map { piece in
            let start = piece.split(separator: "fill=\"", maxSplits: 1)[1]
            return String(start.prefix(7))
        }
    }

    /// Grey: 0 is white, the image's largest value black, half of it mid-grey (255·0.5 → 128 = 0x80),
    /// negative values white.
    @Test func greyScalesEachImageByItsMaximum() {
        let grid = SVGImageGrid(title: "t", rows: 2, columns: 2, images: [SVGImageGrid.Image(pixels: [0, 8, 16, -3], caption: "a")])
        #expect(pixelFills(grid.render()) == ["#ffffff", "#808080", "#000000", "#ffffff"])
    }

    /// Diverging: positive values towards red, negative towards blue, by the largest |value|.
    @Test func divergingColoursTheSign() {
        let grid = SVGImageGrid(
            title: "t", rows: 1, columns: 3, images: [SVGImageGrid.Image(pixels: [2, 0, -1])], palette: .diverging)
        #expect(pixelFills(grid.render()) == ["#ff0000", "#ffffff", "#8080ff"])
    }

    /// Twelve images at ten to a line: two lines, with the captions in order.
    @Test func laysOutImagesInLines() {
        let images = (0..<12).map { SVGImageGrid.Image(pixels: [Double($0)], caption: "c\($0)") }
        let svg = SVGImageGrid(title: "t", rows: 1, columns: 1, images: images).render()
        #expect(svg.contains(">c0</text>") && svg.contains(">c11</text>"))
        // Height: 34 (title) + 2 lines × (8 + 16 + 10).
        #expect(svg.contains("height=\"102.0\""))
    }
}
