import Foundation
import TSTensor

/// Tensors written by a reference script under `Utilities/Reference/`:
/// a JSON object `{"name": {"shape": [..], "data": [..]}, ...}` plus optional scalars.
public struct Fixture {
    public let tensors: [String: Tensor]

    private struct Entry: Decodable {
        let shape: [Int]
        let data: [Float]
    }

    /// Loads `url`; any error is a test failure with the file named.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        let raw = try JSONDecoder().decode([String: Entry].self, from: data)
        tensors = raw.mapValues { Tensor(shape: $0.shape, scalars: $0.data) }
    }

    /// The tensor `name`; a missing name is a programming error in the test.
    public subscript(_ name: String) -> Tensor {
        guard let t = tensors[name] else { preconditionFailure("fixture has no tensor '\(name)'; it has \(tensors.keys.sorted())") }
        return t
    }
}
