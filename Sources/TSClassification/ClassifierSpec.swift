/// Everything that defines a classifier apart from its weights: saved beside them (as JSON
/// in the model file's metadata) so a model file rebuilds the same network.
public struct ClassifierSpec: Codable, Sendable, Equatable {
    /// The architecture.
    public var kind: ClassifierKind
    /// The class labels, in the order of the network's outputs.
    public var classes: [String]
    /// Values per sample (the series length, or `side²` pixels for `lenet`).
    public var length: Int
    /// The scaling applied to each sample before the network.
    public var normalization: SeriesNormalization
    /// The header names of the value columns the model was trained on, in order.
    public var columns: [String]
    /// The label column's header name.
    public var labelColumn: String

    /// A spec; `lenet` needs a square `length`.
    public init(
        kind: ClassifierKind, classes: [String], length: Int, normalization: SeriesNormalization, columns: [String],
        labelColumn: String
    ) {
        self.kind = kind
        self.classes = classes
        self.length = length
        self.normalization = normalization
        self.columns = columns
        self.labelColumn = labelColumn
    }

    /// The side of a `lenet` image (`length = side²`), or `nil` when `length` is not a square.
    public var imageSide: Int? {
        let side = Int(Double(length).squareRoot().rounded())
        return side * side == length ? side : nil
    }

    /// The network's input shape per sample: `[length]` (MLP), `[1, side, side]` (LeNet)
    /// or `[1, length]` (one-channel series for FCN and ResNet).
    public var sampleShape: [Int] {
        switch kind {
        case .mlp: [length]
        case .lenet: [1, imageSide ?? 0, imageSide ?? 0]
        case .fcn, .resnet: [1, length]
        }
    }
}
