#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FuzzSupport
import TSForecast
import TSSafetensors

/// libFuzzer entry: the safetensors reader and the model loader on arbitrary bytes.
///
/// The bytes are decoded as a safetensors file (header length, header JSON, dtypes,
/// offsets, metadata, checksum); when that succeeds and the metadata has a `tsforecast`
/// document, the file is loaded as a model too (metadata schema, network construction,
/// tensor names and shapes) and, if that succeeds, its summary is built. Every input must
/// end in a value or a `ModelFileError`; anything else is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    do {
        let file = try SafetensorsFile.decode(Data(bytes), path: "fuzz.safetensors")
        guard file.metadata["tsforecast"] != nil else { return 0 }
        let scratch = ScratchFile(name: "model", extension: "safetensors")
        scratch.replace(with: bytes)
        let model = try ForecastModel.load(from: URL(fileURLWithPath: scratch.path))
        _ = model.summary(fileSize: size).table()
    } catch is ModelFileError {
    } catch {
        fatalError("FuzzModel: unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}
