/// How each sample (one row of values) is scaled before it reaches the network.
public enum SeriesNormalization: String, Codable, CaseIterable, Sendable {
    /// The values as read.
    case none
    /// Per-row z-normalisation (the UCR archive's convention): `x ← (x − μ)/σ` with the
    /// row's mean `μ` and population standard deviation `σ` (a constant row becomes zeros).
    case series

    /// Normalises each of the `values.count / length` rows of `values` in place.
    public func apply(to values: inout [Float], length: Int) {
        guard self == .series, length > 0 else { return }
        for start in stride(from: 0, to: values.count, by: length) {
            var sum = 0.0, squares = 0.0
            for i in start..<(start + length) { sum += Double(values[i]) }
            let mean = sum / Double(length)
            for i in start..<(start + length) { squares += (Double(values[i]) - mean) * (Double(values[i]) - mean) }
            let std = (squares / Double(length)).squareRoot()
            let scale = std > 0 ? 1 / std : 1
            for i in start..<(start + length) { values[i] = Float((Double(values[i]) - mean) * scale) }
        }
    }
}
