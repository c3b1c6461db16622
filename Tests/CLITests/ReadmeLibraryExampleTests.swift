import Foundation
import Testing

/// The README's Swift example under "As a library" is the code of
/// Examples/LibraryTour/Sources/LibraryTour/ForecastSales.swift, which
/// `scripts/check-dependent` compiles and runs, so the README shows code that compiles.
@Suite struct ReadmeLibraryExampleTests {
    @Test func readmeExampleIsTheTourCode() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## As a library").dropFirst().first)
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let example = try #require(blocks.first { $0.contains("import TSForecast") }, "README's library section has no Swift example")
        let tour = try String(
            contentsOf: CLI.root.appendingPathComponent("Examples/LibraryTour/Sources/LibraryTour/ForecastSales.swift"), encoding: .utf8)
        #expect(tour.hasSuffix(example), "README's example differs from ForecastSales.swift")
        #expect(example.split(separator: "\n").count <= 20)
    }
}
