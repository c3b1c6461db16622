import Foundation
import TSSafetensors
import Testing
import TSForecast
import TSNN
import TSTensor

@Suite struct SafetensorsParametersTests {
    private func makeStore(seed: UInt64) -> ParameterStore {
        var rng = RandomGenerator(seed: seed)
        let store = ParameterStore()
        store.add("lstm.weight_ih_l0", shape: [16, 3], initializer: .normal(std: 1), rng: &rng)
        store.add("head.weight", shape: [1, 4], initializer: .normal(std: 1), rng: &rng)
        store.add("head.bias", shape: [1], initializer: .normal(std: 1), rng: &rng)
        return store
    }

    @Test func storeRoundTripsThroughBytes() throws {
        let source = makeStore(seed: 1)
        let bytes = SafetensorsFile(parameters: source, metadata: ["model": "lstm"]).encoded()
        let target = makeStore(seed: 2)
        #expect(target.values != source.values)
        try SafetensorsFile.decode(bytes).load(into: target)
        #expect(target.values == source.values)
    }

    /// Buffers (BatchNorm's running statistics) are written and read with the parameters.
    @Test func buffersRoundTripAndAreRequired() throws {
        func make(_ mean: [Float]) -> ParameterStore {
            let store = ParameterStore()
            store.add("bn.weight", value: Tensor(shape: [2], repeating: 1))
            store.addBuffer("bn.running_mean", value: Tensor(shape: [2], scalars: mean))
            return store
        }
        let source = make([0.5, -1])
        let file = SafetensorsFile(parameters: source)
        #expect(file.tensors.keys.sorted() == ["bn.running_mean", "bn.weight"])
        let target = make([0, 0])
        try SafetensorsFile.decode(file.encoded()).load(into: target)
        #expect(target.bufferValues == [0.5, -1])
        var withoutBuffer = file
        withoutBuffer.tensors["bn.running_mean"] = nil
        #expect(throws: ModelFileError.self) { try withoutBuffer.load(into: make([0, 0])) }
    }

    @Test func strictLoadingLeavesTheStoreUntouchedOnError() throws {
        let source = makeStore(seed: 1)
        var file = SafetensorsFile(parameters: source)
        file.tensors["extra.bias"] = Tensor(shape: [2])
        let target = makeStore(seed: 2)
        let before = target.values
        #expect(throws: ModelFileError.unexpectedTensors(path: "<memory>", names: ["extra.bias"])) { try file.load(into: target) }
        file.tensors["extra.bias"] = nil
        file.tensors["head.weight"] = Tensor(shape: [4, 1])
        #expect(throws: ModelFileError.shapeMismatch(path: "<memory>", name: "head.weight", expected: [1, 4], actual: [4, 1])) {
            try file.load(into: target)
        }
        file.tensors["head.weight"] = nil
        #expect(throws: ModelFileError.self) { try file.load(into: target) }
        #expect(target.values == before)
    }
}
