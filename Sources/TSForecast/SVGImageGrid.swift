/// Small images (digits, weight maps, filters) as one SVG: each image is `rows × columns`
/// values drawn as square pixels, the images laid out `perRow` to a line, each with a
/// caption below it.
///
/// Colours: `.grey` maps `0 → white` and the image's largest value to black (negative
/// values count as 0); `.diverging` maps `0 → white`, positive values to red and negative
/// to blue, scaled by the image's largest `|value|` (for weights). Each image is scaled on
/// its own; an all-zero image is white.
public struct SVGImageGrid: Sendable {
    /// How values map to colours.
    public enum Palette: Sendable {
        /// White at 0, black at the image's largest value.
        case grey
        /// Red for positive, blue for negative, white at 0.
        case diverging
    }

    /// One image: `pixels` row-major, `rows·columns` values.
    public struct Image: Sendable {
        /// Pixel values, row-major.
        public var pixels: [Double]
        /// Text under the image.
        public var caption: String
        /// An image of `pixels` with a caption.
        public init(pixels: [Double], caption: String = "") {
            self.pixels = pixels
            self.caption = caption
        }
    }

    /// The heading above the grid.
    public var title: String
    /// Pixel rows per image.
    public var rows: Int
    /// Pixel columns per image.
    public var columns: Int
    /// The images, left to right, top to bottom.
    public var images: [Image]
    /// How values map to colours.
    public var palette: Palette
    /// Images per line of the grid.
    public var perRow = 10
    /// Side of one pixel in SVG units.
    public var pixelSize = 8.0

    /// A grid of `images`, each `rows × columns` pixels.
    public init(title: String, rows: Int, columns: Int, images: [Image], palette: Palette = .grey) {
        precondition(
            images.allSatisfy { $0.pixels.count == rows * columns },
            "SVGImageGrid: every image needs \(rows)×\(columns) = \(rows * columns) pixels")
        self.title = title
        self.rows = rows
        self.columns = columns
        self.images = images
        self.palette = palette
    }

    /// The grid as an SVG document.
    public func render() -> String {
        let (tileW, tileH) = (Double(columns) * pixelSize, Double(rows) * pixelSize)
        let (gap, captionH, top) = (10.0, 16.0, 34.0)
        let lines = (images.count + perRow - 1) / perRow
        let width = gap + Double(min(perRow, max(images.count, 1))) * (tileW + gap)
        let height = top + Double(lines) * (tileH + captionH + gap)
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(format(width))" height="\(format(height))" viewBox="0 0 \(format(width)) \(format(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(format(width / 2))" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>

            """
        for (n, image) in images.enumerated() {
            let x0 = gap + Double(n % perRow) * (tileW + gap)
            let y0 = top + Double(n / perRow) * (tileH + captionH + gap)
            let scale = image.pixels.map { palette == .grey ? max($0, 0) : abs($0) }.max() ?? 0
            for r in 0..<rows {
                for c in 0..<columns {
                    let fill = color(image.pixels[r * columns + c], scale: scale)
                    svg += "<rect x=\"\(format(x0 + Double(c) * pixelSize))\" y=\"\(format(y0 + Double(r) * pixelSize))\" width=\"\(format(pixelSize))\" height=\"\(format(pixelSize))\" fill=\"\(fill)\"/>"
                }
            }
            svg += "<rect x=\"\(format(x0))\" y=\"\(format(y0))\" width=\"\(format(tileW))\" height=\"\(format(tileH))\" fill=\"none\" stroke=\"#999\"/>"
            svg += "<text x=\"\(format(x0 + tileW / 2))\" y=\"\(format(y0 + tileH + 12))\" text-anchor=\"middle\">\(escape(image.caption))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// `#rrggbb` of `value` on a scale where `scale` is full intensity.
    func color(_ value: Double, scale: Double) -> String {
        let t = scale > 0 && value.isFinite ? min(abs(value) / scale, 1) : 0
        let fade = Int((255 * (1 - t)).rounded())
        switch palette {
        case .grey: return hex(value > 0 ? fade : 255, value > 0 ? fade : 255, value > 0 ? fade : 255)
        case .diverging: return value >= 0 ? hex(255, fade, fade) : hex(fade, fade, 255)
        }
    }

    private func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { "\(digits[$0 / 16])\(digits[$0 % 16])" }.joined()
    }

    private func format(_ v: Double) -> String { String(cFormat: "%.1f", v) }

    private func escape(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
