import Foundation
import Testing
import TSGenerative
import TSNN
import TSSafetensors
import TSTensor

/// Model files (safetensors with PyTorch names and the spec) round-trip every kind, and
/// the summaries list every network with its shapes and parameter counts.
@Suite struct ModelFileTests {
    static func spec(_ kind: GenerativeSpec.Kind) -> GenerativeSpec {
        GenerativeSpec(
            kind: kind, inputSize: 6, hidden: [5], latentSize: 2, conditionSize: kind == .cvae ? 3 : 0, beta: 0.5, clip: 0.1,
            tied: kind == .ae, offset: 1.5, scale: 2)
    }

    @Test(arguments: GenerativeSpec.Kind.allCases)
    func saveAndLoadRoundTrip(kind: GenerativeSpec.Kind) throws {
        var rng = RandomGenerator(seed: 7)
        let model = GenerativeModel(spec: Self.spec(kind), rng: &rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gen-\(kind)-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, spec: Self.spec(kind))
        let (loaded, spec) = try GenerativeModel.load(from: url)
        #expect(spec == Self.spec(kind))
        #expect(loaded.store.stateDict() == model.store.stateDict())
        #expect(loaded.store.values != GenerativeModel(spec: spec, rng: &rng).store.values, "the loaded values are the saved ones, not a fresh draw")
    }

    @Test func aFileWithoutTheSpecIsRejectedNamingIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafetensorsFile(tensors: ["w": Tensor(shape: [1])]).write(to: url)
        #expect(throws: ModelFileError.self) { try GenerativeModel.load(from: url) }
        do { _ = try GenerativeModel.load(from: url) } catch { #expect("\(error)".contains(url.path) && "\(error)".contains("tsforecast.generative")) }
    }

    @Test func namesFollowPyTorch() {
        var rng = RandomGenerator(seed: 1)
        let names = { (kind: GenerativeSpec.Kind) in GenerativeModel(spec: Self.spec(kind), rng: &rng).store.entries.map(\.name) }
        #expect(names(.ae) == ["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "decoder.0.bias", "decoder.2.bias"])
        #expect(names(.cvae) == [
            "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias",
            "prior.0.weight", "prior.0.bias", "prior.2.weight", "prior.2.bias",
        ])
        #expect(names(.convAE) == [
            "encoder.1.weight", "encoder.1.bias", "encoder.4.weight", "encoder.4.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.3.weight", "decoder.3.bias",
        ])
        #expect(names(.gan).first == "generator.0.weight" && names(.gan).last == "discriminator.2.bias")
    }

    @Test(arguments: GenerativeSpec.Kind.allCases)
    func summaryRowsCoverEveryParameter(kind: GenerativeSpec.Kind) {
        var rng = RandomGenerator(seed: 2)
        let model = GenerativeModel(spec: Self.spec(kind), rng: &rng)
        let rows = ModuleSummary.rows(of: model.module, input: [ModuleSummary.batch, 6])
        #expect(rows.reduce(0) { $0 + $1.parameters } == model.store.count)
        let last = rows.last { $0.isLayer }
        switch kind {
        case .ae: #expect(last?.shape == [ModuleSummary.batch, 6] && last?.detail == "tied")
        case .convAE:
            #expect(rows.contains { $0.path == "encoder.1" && $0.shape == [ModuleSummary.batch, 5, 3] && $0.parameters == 5 * 1 * 5 + 5 })
            #expect(rows.contains { $0.path == "decoder.3" && $0.shape == [ModuleSummary.batch, 1, 6] } && last?.shape == [ModuleSummary.batch, 6])
        case .vae: #expect(rows.first?.path == "encoder.0" && last?.shape == [ModuleSummary.batch, 12])
        case .cvae: #expect(rows.contains { $0.path == "decoder.0" && $0.shape == [ModuleSummary.batch, 5] } && last?.path == "prior.2")
        case .gan, .wgan: #expect(rows.contains { $0.path == "generator.2" && $0.shape == [ModuleSummary.batch, 6] } && last?.shape == [ModuleSummary.batch, 1])
        }
    }
}
