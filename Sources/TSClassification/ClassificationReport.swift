/// How well predicted classes match the true ones: accuracy, the confusion matrix and
/// per-class precision and recall.
///
/// `confusion[a][p]` counts the samples of true class `a` predicted as `p`. For class `c`:
/// precision `= confusion[c][c] / Σₐ confusion[a][c]` (of the samples predicted `c`, the
/// share that are `c`; `nil` when nothing was predicted `c`), recall `= confusion[c][c] /
/// Σₚ confusion[c][p]` (`nil` when the class has no samples), support `= Σₚ confusion[c][p]`.
public struct ClassificationReport: Codable, Sendable, Equatable {
    /// One class's row of the report.
    public struct ClassScores: Codable, Sendable, Equatable {
        /// The class label.
        public var label: String
        /// `confusion[c][c] / Σₐ confusion[a][c]`; `nil` when nothing was predicted `c`.
        public var precision: Double?
        /// `confusion[c][c] / Σₚ confusion[c][p]`; `nil` when the class has no samples.
        public var recall: Double?
        /// Samples of the class, `Σₚ confusion[c][p]`.
        public var support: Int
    }

    /// The class labels, in index order.
    public var classes: [String]
    /// Correct predictions over all samples (0 without samples).
    public var accuracy: Double
    /// Number of samples.
    public var count: Int
    /// `confusion[true][predicted]`.
    public var confusion: [[Int]]
    /// Precision, recall and support per class, in class order.
    public var perClass: [ClassScores]

    /// The report of `predicted` against `actual` (class indices in `0..<classes.count`).
    public init(classes: [String], actual: [Int], predicted: [Int]) {
        precondition(actual.count == predicted.count, "ClassificationReport: \(actual.count) labels vs \(predicted.count) predictions")
        let k = classes.count
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (a, p) in zip(actual, predicted) { confusion[a][p] += 1 }
        let correct = (0..<k).reduce(0) { $0 + confusion[$1][$1] }
        self.classes = classes
        self.count = actual.count
        self.accuracy = actual.isEmpty ? 0 : Double(correct) / Double(actual.count)
        self.confusion = confusion
        perClass = (0..<k).map { c in
            let predictedC = (0..<k).reduce(0) { $0 + confusion[$1][c] }
            let support = confusion[c].reduce(0, +)
            return ClassScores(
                label: classes[c],
                precision: predictedC == 0 ? nil : Double(confusion[c][c]) / Double(predictedC),
                recall: support == 0 ? nil : Double(confusion[c][c]) / Double(support),
                support: support)
        }
    }

    enum CodingKeys: String, CodingKey {
        case classes, accuracy, count, confusion
        case perClass = "per_class"
    }
}
