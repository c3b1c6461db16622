import Foundation
import Testing
import TSData
import TSForecast

/// `--diff auto` (`ForecastSetup.autoDifference`, `DifferenceSelection`): the KPSS statistic
/// agrees with statsmodels, and the rule differences a trending series and leaves the
/// stationary ones alone, in single-series and global training.
@Suite struct DifferenceSelectionTests {
    /// The first `count` values of column `column` of a bundled CSV (empty fields NaN).
    static func column(_ file: String, _ column: Int, count: Int) throws -> [Float] {
        let lines = try String(contentsOfFile: TestData.bundled(file), encoding: .utf8).split(separator: "\n").dropFirst().prefix(count)
        return lines.map { line in Float(line.split(separator: ",", omittingEmptySubsequences: false)[column]) ?? .nan }
    }

    /// statsmodels 0.15 `kpss(y, regression="c", nlags="legacy")[0]` on the same Float32
    /// values (NaNs dropped). Both sum in Double over at most 1,600 terms, so they agree to
    /// about 1e-12 relative; 1e-9 leaves room for a different summation order.
    @Test(arguments: [
        ("sunspots_yearly.csv", 1, 216, 0.08095138042777587),
        ("nile.csv", 1, 70, 0.5553877604884441),
        ("co2_weekly.csv", 1, 1598, 6.0967281218541585),
        ("sine_exog.csv", 1, 350, 0.05239704051971252),
    ])
    func kpssMatchesStatsmodels(file: String, column: Int, count: Int, expected: Double) throws {
        let values = try Self.column(file, column, count: count)
        let statistic = try #require(DifferenceSelection.kpss(values))
        #expect(abs(statistic - expected) <= 1e-9 * expected, "\(file): \(statistic) vs \(expected)")
        #expect(DifferenceSelection.order(for: values) == (expected > DifferenceSelection.criticalValue ? 1 : 0))
    }

    /// A random walk is differenced, white noise is not (a seeded generator, 500 values);
    /// too few values or a constant series have no statistic.
    @Test func randomWalkAndWhiteNoise() {
        var state: UInt64 = 42
        func uniform() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) - 0.5
        }
        let noise = (0..<500).map { _ in uniform() }
        var level: Float = 0
        let walk = noise.map { level += $0; return level }
        #expect(DifferenceSelection.order(for: walk) == 1)
        #expect(DifferenceSelection.order(for: noise) == 0)
        #expect(DifferenceSelection.kpss([1, 2]) == nil && DifferenceSelection.kpss([3, 3, 3, 3]) == nil)
        #expect(DifferenceSelection.order(forEach: [walk, walk, noise]) == 1 && DifferenceSelection.order(forEach: [walk, noise, noise]) == 0)
    }

    /// Training resolves the order from the training part and stores it: weekly CO₂ (a
    /// trend) is differenced, yearly sunspots are not; a global model over the macro series
    /// (most of them trending) is differenced.
    @Test func trainingStoresTheOrderChosen() throws {
        var setup = PipelineTests.setup(.narx, lags: 8, hidden: 8, epochs: 2)
        setup.autoDifference = true
        setup.missing = .interpolate
        let co2 = try ForecastPipeline.train(file: TestData.bundled("co2_weekly.csv"), setup: setup, progress: nil)
        #expect(co2.model.metadata.setup.difference == 1 && !co2.model.metadata.setup.autoDifference)
        let sunspots = try ForecastPipeline.train(file: TestData.bundled("sunspots_yearly.csv"), setup: setup, progress: nil)
        #expect(sunspots.model.metadata.setup.difference == 0 && !sunspots.model.metadata.setup.autoDifference)
        var global = setup
        global.idColumn = "series"
        global.testHorizon = 8
        let macro = try GlobalPipeline.train(files: [TestData.bundled("macro_long.csv")], setup: global, progress: nil)
        #expect(macro.model.metadata.setup.difference == 1 && !macro.model.metadata.setup.autoDifference)
    }
}
