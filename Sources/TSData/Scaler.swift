/// Which affine scaling to fit.
public enum ScalerKind: String, Sendable, Codable, CaseIterable {
    /// `(x − mean) / std` (population std; 1 if the std is 0).
    case zScore = "zscore"
    /// `(x − min) / (max − min)` into `[0, 1]` (range 1 if constant).
    case minMax = "minmax"
    /// The identity.
    case none
}

/// An affine map `x ↦ (x − shift) / scale` fitted on training values, with exact inverse
/// `z ↦ z·scale + shift`. Stored with a model (Codable).
public struct Scaler: Sendable, Codable, Equatable {
    /// Which statistics were fitted.
    public var kind: ScalerKind
    /// Subtracted first (mean or minimum; 0 for `.none`).
    public var shift: Double
    /// Divided by next (std or range; 1 for `.none`).
    public var scale: Double

    /// A scaler with explicit parameters.
    public init(kind: ScalerKind, shift: Double, scale: Double) {
        self.kind = kind
        self.shift = shift
        self.scale = scale
    }

    /// The identity scaler.
    public static let identity = Scaler(kind: .none, shift: 0, scale: 1)

    /// Fits `kind` on `values` (NaNs are skipped; with no value the identity is returned).
    public static func fit(_ kind: ScalerKind, to values: some Sequence<Double>) -> Scaler {
        var n = 0.0, sum = 0.0, sumSquares = 0.0
        var low = Double.infinity, high = -Double.infinity
        for v in values where !v.isNaN {
            n += 1
            sum += v
            sumSquares += v * v
            low = min(low, v)
            high = max(high, v)
        }
        guard n > 0 else { return .identity }
        switch kind {
        case .none: return .identity
        case .zScore:
            let mean = sum / n
            let std = max(0, sumSquares / n - mean * mean).squareRoot()
            return Scaler(kind: kind, shift: mean, scale: std > 0 ? std : 1)
        case .minMax:
            return Scaler(kind: kind, shift: low, scale: high > low ? high - low : 1)
        }
    }

    /// `(x − shift) / scale`.
    @inlinable public func transform(_ x: Double) -> Double { (x - shift) / scale }
    /// `z·scale + shift`.
    @inlinable public func inverse(_ z: Double) -> Double { z * scale + shift }
}
