import Foundation
import TestSupport
import TSNN
import TSTensor

/// Loads `Fixtures/<name>.json`, written by `python3 Utilities/Reference/nn_fixtures.py`.
func loadFixture(_ name: String) throws -> Fixture {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
    }
    return try Fixture(contentsOf: url)
}

/// A tensor whose entries have magnitude in `[0.2, 1.5)` and random sign, so a
/// perturbation of ±1e-2 never crosses a ReLU kink.
func awayFromZero(shape: [Int], rng: inout RandomGenerator) -> Tensor {
    var t = Tensor(shape: shape)
    for i in 0..<t.count {
        let magnitude = rng.uniform(0.2, 1.5)
        t.scalars[i] = rng.uniform() < 0.5 ? -magnitude : magnitude
    }
    return t
}

/// The fixture's MLP `3 → 5 tanh → 4 relu → 2`, named like PyTorch's `nn.Sequential`
/// (`0.weight` … `4.bias`), with the fixture's weights loaded by name.
func referenceMLP(store: ParameterStore, weights fixture: Fixture, prefix: String = "") -> Sequential {
    var rng = RandomGenerator(seed: 0)
    let mlp = Sequential([
        Linear(inputSize: 3, outputSize: 5, scope: store.scope("0"), rng: &rng),
        Activation(.tanh),
        Linear(inputSize: 5, outputSize: 4, scope: store.scope("2"), rng: &rng),
        Activation(.relu),
        Linear(inputSize: 4, outputSize: 2, scope: store.scope("4"), rng: &rng),
    ], inputShape: [ModuleSummary.batch, 3])
    for entry in store.entries { store.setValue(entry, fixture[prefix + entry.name]) }
    return mlp
}
