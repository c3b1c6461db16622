import Foundation
import Testing
import TSForecast
@testable import TSSafetensors
import TSTensor

/// The CRC-32C of the tensor data in a model file's metadata (`SafetensorsChecksum`).
@Suite struct ChecksumTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/interop"))
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes(CRC32C.checksum) }

    /// The check value of the CRC catalogue and the three vectors of RFC 3720 §B.4.
    @Test func crc32cMatchesPublishedVectors() {
        #expect(Self.crc(Array("123456789".utf8)) == 0xE306_9283)
        #expect(Self.crc([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(Self.crc([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(Self.crc((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(Self.crc([]) == 0)
    }

    /// Feeding the bytes in two pieces, split anywhere (so both the 8-byte steps and the
    /// byte-wise tail see every alignment), gives the checksum of the whole.
    @Test func incrementalUpdatesAgreeWithOneShot() {
        let bytes = (0..<45).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = Self.crc(bytes)
        for split in 0...bytes.count {
            var crc = CRC32C()
            bytes[..<split].withUnsafeBytes { crc.update($0) }
            bytes[split...].withUnsafeBytes { crc.update($0) }
            #expect(crc.value == whole, "split at \(split)")
        }
    }

    /// A model saved now carries the checksum and loads; flipping any single bit of its
    /// tensor data (one bit in each byte, the bit varying) is a checksum error naming the file.
    @Test func flippedTensorBitIsAModelFileError() throws {
        let saved = try TestData.temporaryDirectory().appendingPathComponent("m.safetensors")
        try ForecastModel.load(from: try Self.fixture("swift_lstm.safetensors")).save(to: saved)
        let model = try ForecastModel.load(from: saved)
        let checksum = try #require(model.checksum)
        #expect(checksum.hasPrefix("crc32c:") && checksum.count == 15)
        #expect(model.summary(fileSize: nil).table().contains("Checksum: \(checksum) (tensor data verified)"))

        let bytes = try Data(contentsOf: saved)
        let headerLength = Int(bytes.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        let dataStart = 8 + headerLength
        #expect(bytes.count - dataStart == 4 * model.network.store.count)
        var rejected = 0
        for i in dataStart..<bytes.count {
            var corrupted = bytes
            corrupted[i] ^= UInt8(1) << UInt8(i % 8)
            do {
                _ = try SafetensorsFile.decode(corrupted, path: saved.path)
                Issue.record("flipped bit \(i % 8) of byte \(i) loaded")
            } catch let error as ModelFileError {
                guard case .checksumMismatch(let path, let stored, _) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(path == saved.path && stored == checksum)
                rejected += 1
            }
        }
        #expect(rejected == bytes.count - dataStart)
        var corrupted = bytes
        corrupted[bytes.count - 1] ^= 0x10
        try corrupted.write(to: saved)
        #expect {
            _ = try ForecastModel.load(from: saved)
        } throws: { error in
            let message = (error as? ModelFileError)?.description ?? ""
            return message.hasPrefix(saved.path + ": ") && message.contains("does not match its checksum")
        }
    }

    /// A model file written before checksums (the committed interop fixture) loads, and
    /// its summary says that its tensors were not verified.
    @Test func fileWithoutChecksumLoadsAndSummarySaysSo() throws {
        let url = try Self.fixture("swift_lstm.safetensors")
        #expect(try SafetensorsFile.read(from: url).metadata[SafetensorsFile.checksumKey] == nil)
        let model = try ForecastModel.load(from: url)
        #expect(model.checksum == nil)
        #expect(model.summary(fileSize: nil).table().contains("Checksum: none (file written before checksums; tensor data not verified)"))
    }

    /// A checksum value that is not `crc32c:` plus 8 hex digits is an invalid header; a
    /// stale checksum is dropped when a file is re-encoded without one.
    @Test func malformedAndStaleChecksums() throws {
        let tensor = Tensor(shape: [2], scalars: [1, 2])
        for value in ["sha256:00000000", "crc32c:1234567", "crc32c:zzzzzzzz", ""] {
            let data = SafetensorsFile(tensors: ["w": tensor], metadata: [SafetensorsFile.checksumKey: value]).encoded(checksum: false)
            #expect(try SafetensorsFile.decode(data).metadata[SafetensorsFile.checksumKey] == nil, "dropped when not requested")
            let header = SafetensorsHeader.encode(names: ["w"], shapes: [[2]], metadata: [SafetensorsFile.checksumKey: value])
            var bytes = Data()
            withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: header)
            bytes.append(SafetensorsFile(tensors: ["w": tensor]).encoded().suffix(8))
            #expect {
                _ = try SafetensorsFile.decode(bytes, path: "x.safetensors")
            } throws: { error in
                guard case .invalidHeader(let path, let reason)? = error as? ModelFileError else { return false }
                return path == "x.safetensors" && reason.contains("expected 'crc32c:' and 8 hex digits")
            }
        }
        let checked = SafetensorsFile(tensors: ["w": tensor]).encoded(checksum: true)
        #expect(try SafetensorsFile.decode(checked).tensors["w"] == tensor)
    }
}
