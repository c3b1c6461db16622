// Fixtures python_f32.safetensors, python_dtypes.safetensors and safetensors_expected.json
// were written by `python3 Utilities/Reference/safetensors_fixture.py`
// (safetensors 0.8.0, torch 2.13.0+cpu).
import Foundation
import TSSafetensors
import Testing
import TestSupport
import TSForecast
import TSTensor

private func fixtureURL(_ file: String) throws -> URL {
    try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures").appendingPathComponent(file)
}

/// The bytes of a safetensors file with header text `header` and data section `data`.
private func fileBytes(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> Data {
    let json = Array(header.utf8)
    var out = Data()
    withUnsafeBytes(of: (headerLength ?? UInt64(json.count)).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: json)
    out.append(contentsOf: data)
    return out
}

/// Decodes `data` expecting a `ModelFileError`; returns it (nil, recorded as a failure,
/// when decoding succeeds or throws anything else).
private func decodeError(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) -> ModelFileError? {
    do {
        _ = try SafetensorsFile.decode(data, path: "bad.safetensors")
        Issue.record("decoding succeeded", sourceLocation: sourceLocation)
    } catch let error as ModelFileError {
        #expect(error.path == "bad.safetensors", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

@Suite struct SafetensorsTests {
    let expected: Fixture

    init() throws {
        expected = try Fixture(contentsOf: try fixtureURL("safetensors_expected.json"))
    }

    static let f32Names = ["lstm.weight_ih_l0", "head.bias", "head.weight", "step", "empty"]

    @Test func readsTheFileWrittenByPython() throws {
        let url = try fixtureURL("python_f32.safetensors")
        let file = try SafetensorsFile.read(from: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.path == url.path)
        #expect(Set(file.tensors.keys) == Set(Self.f32Names))
        for name in Self.f32Names {
            #expect(file.tensors[name] == expected[name], "\(name)")
        }
        #expect(file.tensors["step"]?.shape == [])
        #expect(file.tensors["empty"]?.shape == [0, 3])
    }

    @Test func convertsF64F16AndBF16() throws {
        let file = try SafetensorsFile.read(from: try fixtureURL("python_dtypes.safetensors"))
        #expect(file.metadata == ["format": "pt", "source": "safetensors_fixture.py"])
        for name in ["double", "half", "brain"] {
            #expect(file.tensors[name] == expected[name], "\(name)")
        }
        let half = try file.tensor("half", shape: [7]).scalars
        #expect(half[4] == Float(sign: .plus, exponent: -24, significand: 1))  // smallest subnormal
        #expect(half[6] == 0 && half[6].sign == .minus)
    }

    @Test func halfPrecisionSpecialValuesWiden() {
        let values = try? SafetensorsFile.decode(
            fileBytes(
                header: #"{"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}"#,
                data: [0x00, 0x7C, 0x00, 0xFC, 0x01, 0x7E, 0xFF, 0x7B])
        ).tensors["h"]?.scalars
        #expect(values?[0] == .infinity)
        #expect(values?[1] == -.infinity)
        #expect(values?[2].isNaN == true)
        #expect(values?[3] == 65504)
    }

    @Test func writerReproducesPythonBytes() throws {
        var tensors: [String: Tensor] = [:]
        for name in Self.f32Names { tensors[name] = expected[name] }
        let file = SafetensorsFile(tensors: tensors, metadata: ["format": "pt"])
        let python = try Data(contentsOf: try fixtureURL("python_f32.safetensors"))
        #expect(file.encoded() == python)
    }

    @Test func writesAtomicallyAndReadsBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        var rng = RandomGenerator(seed: 3)
        let names = ["a", "quote\"d", "back\\slash", "tab\tnew\nline\u{01}", "ünïcødé 🚀", "__metadata__x"]
        var file = SafetensorsFile(metadata: ["b": "2", "a": "x\"y", "ключ": "значение"])
        for (i, name) in names.enumerated() { file.tensors[name] = rng.normalTensor(shape: [i + 1, 2]) }
        try file.write(to: url)
        let back = try SafetensorsFile.read(from: url)
        #expect(back.tensors == file.tensors)
        #expect(back.metadata == file.metadata)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect((8 + headerLength) % 8 == 0)
        #expect(file.encoded() == SafetensorsFile(tensors: file.tensors, metadata: file.metadata).encoded())
    }

    @Test func requiredTensorsAreCheckedByNameAndShape() throws {
        let file = try SafetensorsFile.read(from: try fixtureURL("python_f32.safetensors"))
        #expect(try file.tensor("head.weight", shape: [1, 2]) == expected["head.weight"])
        #expect(throws: ModelFileError.missingTensor(path: file.path, name: "lstm.bias_ih_l0", available: Self.f32Names.sorted())) {
            try file.tensor("lstm.bias_ih_l0", shape: [32])
        }
        let error = #expect(throws: ModelFileError.self) { try file.tensor("head.weight", shape: [2, 1]) }
        #expect(error == .shapeMismatch(path: file.path, name: "head.weight", expected: [2, 1], actual: [1, 2]))
        #expect(error?.description.contains("python_f32.safetensors") == true)
        #expect(error?.description.contains("head.weight") == true)
    }

    @Test func unreadableFileNamesThePath() {
        let error = #expect(throws: ModelFileError.self) {
            try SafetensorsFile.read(from: URL(fileURLWithPath: "/nonexistent/dir/m.safetensors"))
        }
        guard case .unreadable(let path, let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == "/nonexistent/dir/m.safetensors")
        #expect(!reason.isEmpty)
    }

    /// An empty or 3-byte file is too short, said before the file is read.
    @Test func emptyAndTinyFilesAreTooShort() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsforecast-short-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for bytes in [[UInt8](), [1, 2, 3]] {
            let url = directory.appendingPathComponent("m\(bytes.count).safetensors")
            try Data(bytes).write(to: url)
            #expect(throws: ModelFileError.fileTooShort(path: url.path, size: bytes.count)) { try SafetensorsFile.read(from: url) }
        }
    }

    @Test func acceptsPaddedAndEmptyHeaders() throws {
        let padded = try SafetensorsFile.decode(
            fileBytes(header: #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   "#, data: [0, 0, 0x80, 0x3F]))
        #expect(padded.tensors["x"]?.scalars == [1])
        let escaped = try SafetensorsFile.decode(
            fileBytes(header: #"{"\u00e9\ud83d\ude80\/\n":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}"#, data: [0x80, 0x3F]))
        #expect(escaped.tensors["é🚀/\n"]?.scalars == [1])
        let empty = try SafetensorsFile.decode(fileBytes(header: "{}"))
        #expect(empty.tensors.isEmpty && empty.metadata.isEmpty)
    }

    @Test func rejectsMalformedHeaders() {
        let f = #"{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#
        let four: [UInt8] = [0, 0, 0x80, 0x3F]
        #expect(decodeError(Data([1, 2, 3])) == .fileTooShort(path: "bad.safetensors", size: 3))
        #expect(decodeError(fileBytes(header: "{}", headerLength: .max))
            == .headerTooLarge(path: "bad.safetensors", headerLength: .max, limit: 100_000_000))
        #expect(decodeError(fileBytes(header: "{}", headerLength: 3)) == .headerBeyondFile(path: "bad.safetensors", headerLength: 3, fileSize: 10))
        let invalidHeaders: [(String, [UInt8])] = [
            (#"{"x":"#, []), (" {}", []), ("[]", []), (#"{"x":3}"#, []), (#"{"x":{"shape":[1],"data_offsets":[0,4]}}"#, four),
            (#"{"x":\#(f),"x":\#(f)}"#, four),  // duplicate key
            (#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, four),
            (#"{"x":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}"#, four),
            (#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#, four),
            (#"{"x":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,4]}}"#, four),
            (#"{"__metadata__":{"n":1}}"#, []), (#"{"__metadata__":[]}"#, []),
            (#"{"x":\#(f),}"#, four), ("{\"\\ud800\":1}", []), ("{\"a\u{01}\":1}", []),
            ("{\"a\":" + String(repeating: "[", count: 100_000), []),
        ]
        for (header, data) in invalidHeaders {
            guard case .invalidHeader? = decodeError(fileBytes(header: header, data: data)) else {
                Issue.record("expected invalidHeader for \(header.prefix(80))")
                continue
            }
        }
        var notUTF8 = fileBytes(header: #"{"x":{}}"#)
        notUTF8[10] = 0xFF
        guard case .invalidHeader(_, let reason)? = decodeError(notUTF8) else { return }
        #expect(reason.contains("UTF-8"))
    }

    @Test func rejectsBadDTypesOffsetsAndTrailingBytes() {
        func entry(_ name: String, _ shape: [Int], _ begin: Int, _ end: Int, dtype: String = "F32") -> String {
            #""\#(name)":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":[\#(begin),\#(end)]}"#
        }
        func check(_ entries: [String], _ dataSize: Int, _ expectedError: ModelFileError, sourceLocation: SourceLocation = #_sourceLocation) {
            let data = fileBytes(header: "{" + entries.joined(separator: ",") + "}", data: [UInt8](repeating: 0, count: dataSize))
            #expect(decodeError(data, sourceLocation: sourceLocation) == expectedError, sourceLocation: sourceLocation)
        }
        let p = "bad.safetensors"
        check([entry("i", [1], 0, 8, dtype: "I64")], 8, .unsupportedDType(path: p, tensor: "i", dtype: "I64"))
        check([entry("q", [1], 0, 1, dtype: "Q8")], 1, .unsupportedDType(path: p, tensor: "q", dtype: "Q8"))
        check([entry("w", [2, 3], 0, 20)], 20, .byteCountMismatch(path: p, tensor: "w", shape: [2, 3], dtype: "F32", byteCount: 20))
        check([entry("r", [0], 8, 4)], 8, .invalidOffsets(path: p, tensor: "r", reason: "data_offsets [8, 4] end before they begin"))
        check([entry("a", [1], 0, 4), entry("b", [1], 8, 12)], 12,
              .invalidOffsets(path: p, tensor: "b", reason: "data_offsets [8, 12] leave a gap after byte 4"))
        check([entry("a", [2], 0, 8), entry("b", [2], 4, 12)], 12,
              .invalidOffsets(path: p, tensor: "b", reason: "data_offsets [4, 12] overlap the tensor ending at byte 8"))
        check([entry("a", [2], 0, 8)], 4,
              .invalidOffsets(path: p, tensor: "a", reason: "data_offsets [0, 8] run past the 4-byte data section"))
        check([entry("a", [1], 4, 8)], 8, .invalidOffsets(path: p, tensor: "a", reason: "data_offsets [4, 8] leave a gap after byte 0"))
        check([entry("a", [1], 0, 4)], 6, .trailingBytes(path: p, dataSize: 6, used: 4))
        let limit = Int(Int32.max)
        check([entry("t", [65536, 32768], 0, 4)], 4, .tensorTooLarge(path: p, tensor: "t", shape: [65536, 32768], limit: limit))
        check([entry("t", [4294967296, 4294967296], 0, 4)], 4, .tensorTooLarge(path: p, tensor: "t", shape: [4294967296, 4294967296], limit: limit))
    }

    /// A model file past `SafetensorsFile.maxFileBytes` (a sparse 5 GiB file) is refused
    /// from its size alone, before anything is read.
    @Test func fileLargerThanTheLimitIsNotRead() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("huge.safetensors")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 5 << 30)
        try handle.close()
        #expect(throws: ModelFileError.fileTooLarge(path: url.path, size: 5 << 30, limit: 1 << 32)) {
            _ = try SafetensorsFile.read(from: url)
        }
    }

    /// Every strict prefix of a valid file must be rejected, and random corruption must end
    /// in success or a `ModelFileError`, never a trap.
    @Test func truncatedAndCorruptedFilesNeverCrash() throws {
        let valid = try Data(contentsOf: try fixtureURL("python_f32.safetensors"))
        for length in 0..<valid.count {
            _ = decodeError(valid.prefix(length))
        }
        var rng = RandomGenerator(seed: 11)
        var outcomes = (ok: 0, failed: 0)
        for _ in 0..<3000 {
            var corrupted = valid
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<corrupted.count, using: &rng)
                if Bool.random(using: &rng) {
                    corrupted[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                } else {
                    corrupted[i] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            do {
                _ = try SafetensorsFile.decode(corrupted, path: "fuzz")
                outcomes.ok += 1
            } catch is ModelFileError {
                outcomes.failed += 1
            } catch {
                Issue.record("unexpected error type \(error)")
            }
        }
        #expect(outcomes.ok > 0 && outcomes.failed > 0, "\(outcomes)")
    }
}
