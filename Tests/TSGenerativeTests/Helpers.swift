import Foundation
import TestSupport
import TSNN
import TSTensor

/// Loads `Fixtures/<name>.json`, written by `python3 Utilities/Reference/generative_fixtures.py`.
func loadFixture(_ name: String) throws -> Fixture {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
    }
    return try Fixture(contentsOf: url)
}

/// Overwrites every parameter of `store` with the fixture's `<tag>.<name>` tensor.
func load(_ store: ParameterStore, from f: Fixture, tag: String) {
    for entry in store.entries { store.setValue(entry, f["\(tag).\(entry.name)"]) }
}

/// The loss as a one-element tensor, to compare with a fixture's `[1]` entry.
func scalar(_ value: Double) -> Tensor { Tensor(shape: [1], scalars: [Float(value)]) }
