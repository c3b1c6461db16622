import Foundation
import Testing
import TestSupport
import TSData
import TSTensor

@Suite struct TransformTests {
    /// A positive series with trend and a period-12 season.
    private func seasonal(_ n: Int) -> [Float] {
        (0..<n).map { i in
            let t = Double(i)
            let season: Double = 8 * sin(2 * Double.pi * t / 12)
            return Float(50 + 0.3 * t + season + 0.5 * cos(t))
        }
    }

    @Test func scalingLogAndDifferencingRoundTrip() throws {
        let y = seasonal(120)
        let series = [TimeSeries(name: "s", file: "s.csv", columnNames: ["y"], columns: [y])]
        let dataset = try Dataset(series: series, target: "y")
        let split = try DataSplit(dataset)
        let transform = TargetTransform(log: true, differences: 2, seasonalPeriod: 12)
        for kind in ScalerKind.allCases {
            let pre = try Preprocessor.fit(dataset, split: split, transform: transform, scaler: kind)
            let z = pre.transformTarget(y)
            #expect(z.prefix(14).allSatisfy(\.isNaN) && !z.dropFirst(14).contains { $0.isNaN })
            let restored = pre.inverseTarget(Array(z.dropFirst(14)), history: y.prefix(14))
            expectClose(Tensor(shape: [106], scalars: restored), Tensor(shape: [106], scalars: Array(y.dropFirst(14))), "round trip \(kind)")
            // Codable: the stored preprocessor inverts the same way.
            let decoded = try JSONDecoder().decode(Preprocessor.self, from: JSONEncoder().encode(pre))
            #expect(decoded == pre)
        }
    }

    @Test func recursiveInverseUsesOnlyTheHistoryTail() throws {
        let y = seasonal(60)
        let pre = Preprocessor(transform: TargetTransform(differences: 1, seasonalPeriod: 4), targetScaler: Scaler(kind: .zScore, shift: 0.2, scale: 3), inputScalers: [])
        let z = pre.transformTarget(y)
        // Forecast steps 40…59 from a history ending at row 39, in model space.
        let forecasts = pre.inverseTarget(Array(z[40...]), history: y[..<40])
        expectClose(Tensor(shape: [20], scalars: forecasts), Tensor(shape: [20], scalars: Array(y[40...])), "recursive inverse")
        let one = pre.inverseTarget([z[40]], history: y[35..<40])
        #expect(abs(one[0] - y[40]) < 1e-4)
    }

    @Test func scalersAreFittedOnTheTrainingPartOnly() throws {
        let dataset = try indexDataset(rows: 100, inputs: 1)
        let split = try DataSplit(dataset)
        let pre = try Preprocessor.fit(dataset, split: split, scaler: .minMax)
        #expect(pre.targetScaler == Scaler(kind: .minMax, shift: 0, scale: 69))
        #expect(pre.inputScalers == [Scaler(kind: .minMax, shift: 1000, scale: 69)])
        let z = try Preprocessor.fit(dataset, split: split, scaler: .zScore).targetScaler
        #expect(abs(z.shift - 34.5) < 1e-9)
        #expect(abs(z.scale - (Double(70 * 70 - 1) / 12).squareRoot()) < 1e-9)
        let applied = try pre.apply(to: dataset)
        #expect(applied.recordings[0].target[69] == 1)
        #expect(applied.recordings[0].inputs[0][0] == 0)
    }

    @Test func differencingShrinksSegmentsButKeepsRowIndices() throws {
        let dataset = try indexDataset(rows: 30)
        let split = try DataSplit(dataset)
        let pre = try Preprocessor.fit(dataset, split: split, transform: TargetTransform(differences: 1, seasonalPeriod: 2), scaler: .none)
        let applied = try pre.apply(to: dataset)
        #expect(applied.recordings[0].segments == [3..<30])
        #expect(applied.recordings[0].target[3..<6] == [0, 0, 0])  // ∇(y(t) − y(t−2)) of y = t
        let windows = try NARXWindows(applied, spec: .lagged(2), split: split, part: .train)
        #expect(windows.sample(0).row == 5)
    }

    @Test func inPlaceApplyMatchesPerSegmentTransformsAndBlanksGaps() throws {
        var y = seasonal(80)
        y[30] = .nan  // dropped: segments 0..<30 and 31..<80
        let dataset = try Dataset(
            series: [TimeSeries(name: "s", file: "s.csv", columnNames: ["y"], columns: [y])], target: "y", missing: .drop)
        let transform = TargetTransform(log: true, differences: 1, seasonalPeriod: 4)
        let pre = try Preprocessor.fit(dataset, split: DataSplit(dataset), transform: transform)
        var inPlace = dataset
        try pre.apply(inPlace: &inPlace)
        let copied = try pre.apply(to: dataset).recordings[0]
        #expect(inPlace.recordings[0].target.map(\.bitPattern) == copied.target.map(\.bitPattern))
        #expect(inPlace.recordings[0].segments == copied.segments)
        #expect(dataset.recordings[0].target.map(\.bitPattern) == y.map(\.bitPattern), "apply(to:) leaves its input alone")
        let target = inPlace.recordings[0].target
        #expect(inPlace.recordings[0].segments == [5..<30, 36..<80])
        let expected = pre.transformTarget(y[0..<30]) + [.nan] + pre.transformTarget(y[31...])
        #expect(zip(target, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        // The stream is the staged definition: z(t) = w(t) − w(t−1), w(t) = log y(t) − log y(t−4).
        let w = { (t: Int) in log(Double(y[t])) - log(Double(y[t - 4])) }
        #expect(target[40] == Float(pre.targetScaler.transform(w(40) - w(39))))
    }
}
