// Fixtures: Fixtures/interop, written by the commands in the header of
// `Utilities/Reference/interop_fixtures.py` (tsforecast train, then the script).
import Foundation
import TSSafetensors
import Testing
import TestSupport
import TSForecast
import TSTensor

/// Model files move between tsforecast and PyTorch unchanged.
@Suite struct InteropTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/interop"))
    }

    static func torchForecast(_ name: String) throws -> Tensor {
        struct Forecast: Decodable { let forecast: [Float] }
        let values = try JSONDecoder().decode(Forecast.self, from: Data(contentsOf: try fixture(name))).forecast
        return Tensor(shape: [values.count], scalars: values)
    }

    /// A model file tsforecast wrote, loaded into torch.nn.LSTM + Linear by
    /// `torch_forecaster.py`, gives the forecasts tsforecast gives.
    @Test func pytorchReproducesATsforecastModel() throws {
        let model = try ForecastModel.load(from: try Self.fixture("swift_lstm.safetensors"))
        let table = try model.forecast(file: TestData.bundled("nile.csv"), horizon: 8)
        expectClose(Tensor(shape: [8], scalars: table.values), try Self.torchForecast("swift_lstm.torch_forecast.json"), tolerance: 1e-5, "forecast")
    }

    /// An LSTM trained in PyTorch and exported with `safetensors.torch.save_file` plus the
    /// metadata JSON forecasts in tsforecast as it does in PyTorch.
    @Test func tsforecastReproducesAPyTorchModel() throws {
        let model = try ForecastModel.load(from: try Self.fixture("torch_lstm.safetensors"))
        #expect(model.metadata.training == nil)
        let table = try model.forecast(file: TestData.bundled("nile.csv"), horizon: 8)
        #expect(table.times?.first == "1971")
        expectClose(Tensor(shape: [8], scalars: table.values), try Self.torchForecast("torch_lstm.torch_forecast.json"), tolerance: 1e-5, "forecast")
    }

    /// Metadata that is missing, unreadable, of a newer version or inconsistent with the
    /// tensors is a `ModelFileError` naming the file.
    @Test func badMetadataIsAModelFileError() throws {
        let source = try SafetensorsFile.read(from: try Self.fixture("swift_lstm.safetensors"))
        let dir = try TestData.temporaryDirectory()
        func expectRejected(_ metadata: [String: String], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            var file = source
            file.metadata = metadata
            let url = dir.appendingPathComponent("bad.safetensors")
            try file.write(to: url)
            do {
                _ = try ForecastModel.load(from: url)
                Issue.record("loaded a model with bad metadata (\(fragment))", sourceLocation: sourceLocation)
            } catch let error as ModelFileError {
                #expect(error.description.contains("bad.safetensors"), sourceLocation: sourceLocation)
                #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            }
        }
        let json = try #require(source.metadata["tsforecast"])
        try expectRejected([:], "not a tsforecast model file")
        try expectRejected(["tsforecast": "{"], "unreadable 'tsforecast' metadata")
        try expectRejected(["tsforecast": json.replacingOccurrences(of: "\"version\":1", with: "\"version\":99")], "version 99")
        try expectRejected(["tsforecast": json.replacingOccurrences(of: "\"hiddenSize\":8", with: "\"hiddenSize\":9")], "expected [36, 1]")
    }
}
