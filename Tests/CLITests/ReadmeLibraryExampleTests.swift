import Foundation
import Testing

/// The README's Swift examples under "As a library" are the code of
/// Examples/LibraryTour/Sources/LibraryTour/ForecastSales.swift (forecasting) and
/// FrontDoors.swift (classification and generative models), which
/// `scripts/check-dependent` compiles and runs, so the README shows code that compiles.
@Suite struct ReadmeLibraryExampleTests {
    @Test(arguments: [("import TSForecast", "ForecastSales.swift"), ("import TSClassification", "FrontDoors.swift")])
    func readmeExampleIsTheTourCode(marker: String, file: String) throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## As a library").dropFirst().first)
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let example = try #require(blocks.first { $0.contains(marker) }, "README's library section has no Swift example with \(marker)")
        let tour = try String(
            contentsOf: CLI.root.appendingPathComponent("Examples/LibraryTour/Sources/LibraryTour/\(file)"), encoding: .utf8)
        #expect(tour.hasSuffix(example), "README's example differs from \(file)")
        #expect(example.split(separator: "\n").count <= 20)
    }
}
