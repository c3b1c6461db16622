// Classification and generative models fitted on arrays, through their public front doors.
import Foundation

/// Rising and falling ramps at random levels, labelled "up" and "down" (alternating).
func ramps(_ count: Int) -> (rows: [[Double]], labels: [String]) {
    var generator = SystemRandomNumberGenerator()
    let rows = (0..<count).map { i in
        let level = Double.random(in: -5...5, using: &generator)
        return (0..<16).map { t in level + (i % 2 == 0 ? 0.3 : -0.3) * Double(t) + Double.random(in: -0.2...0.2, using: &generator) }
    }
    return (rows, (0..<count).map { $0 % 2 == 0 ? "up" : "down" })
}

/// An MLP learns the direction of ramps and classifies unseen ones; an autoencoder fitted
/// on a clean sine gives a spike added to it the highest anomaly score.
func classifyAndGenerate() throws {
    let train = ramps(80), test = ramps(40)
    let sine = (0..<256).map { 10 + 2 * sin(Double($0) * 2 * .pi / 16) }
    var observed = Array(sine[..<64])
    observed[30] += 10
    let result = try classifyAndScore(rows: train.rows, labels: train.labels, newRows: test.rows, normal: sine, observed: observed)
    let correct = zip(result.labels, test.labels).filter { $0 == $1 }.count
    let worst = result.scores.indices.max { result.scores[$0] < result.scores[$1] }!
    print("classifier: training accuracy \(result.accuracy), \(correct) of 40 unseen ramps right; autoencoder: highest score at row \(worst)")
    check(correct >= 36, "the classifier tells rising from falling ramps")
    check(worst == 30, "the spike at row 30 scores highest")
}
