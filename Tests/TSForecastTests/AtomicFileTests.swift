import Foundation
import TSSupport
import Testing
import TSForecast

@Suite struct AtomicFileTests {
    /// A fresh directory, removed after `body`.
    private func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    private func listing(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func replacesTheTargetAndLeavesNoTemporaryFile() throws {
        try withDirectory { dir in
            let url = dir.appendingPathComponent("out.csv")
            try writeAtomically(Data("old".utf8), to: url)
            try writeAtomically(Data("new contents".utf8), to: url)
            #expect(try String(contentsOf: url, encoding: .utf8) == "new contents")
            #expect(try listing(dir) == ["out.csv"])
        }
    }

    @Test func streamingWriterCommitsBufferedOutput() throws {
        try withDirectory { dir in
            let url = dir.appendingPathComponent("forecast.csv")
            let writer = try AtomicFileWriter(url: url, bufferSize: 7)
            #expect(writer.temporaryURL.deletingLastPathComponent().path == dir.path)
            #expect(writer.temporaryURL.lastPathComponent.hasPrefix(".forecast.csv.tmp-"))
            var expected = ""
            for i in 0..<1000 {
                let line = "\(i),\(Double(i) * 0.5)\n"
                try writer.write(line)
                expected += line
            }
            try writer.write(Data("end".utf8))
            #expect(!FileManager.default.fileExists(atPath: url.path), "nothing visible before commit")
            try writer.commit()
            #expect(try String(contentsOf: url, encoding: .utf8) == expected + "end")
            #expect(try listing(dir) == ["forecast.csv"])
        }
    }

    @Test func writerReleasedWithoutCommitLeavesTargetUntouched() throws {
        try withDirectory { dir in
            let url = dir.appendingPathComponent("model.safetensors")
            try writeAtomically(Data("keep".utf8), to: url)
            do {
                let writer = try AtomicFileWriter(url: url)
                try writer.write(String(repeating: "x", count: 200_000))
                #expect(try listing(dir).count == 2)
            }
            #expect(try listing(dir) == ["model.safetensors"])
            #expect(try String(contentsOf: url, encoding: .utf8) == "keep")

            let abandoned = try AtomicFileWriter(url: url)
            try abandoned.write("partial")
            abandoned.abandon()
            #expect(try listing(dir) == ["model.safetensors"])
        }
    }

    @Test func errorsNameThePathAndStep() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/out.json")
        let error = #expect(throws: AtomicFileError.self) { try writeAtomically(Data("x".utf8), to: missing) }
        #expect(error?.path == missing.path)
        #expect(error?.step == .createTemporary)
        #expect(error?.description.contains(missing.path) == true)

        try withDirectory { dir in
            // Renaming a file over a non-empty directory fails after the data was written.
            let target = dir.appendingPathComponent("occupied")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            try Data().write(to: target.appendingPathComponent("child"))
            let renameError = #expect(throws: AtomicFileError.self) { try writeAtomically(Data("x".utf8), to: target) }
            #expect(renameError?.step == .rename)
            #expect(try listing(dir) == ["occupied"], "temporary file removed after the failure")
        }
    }
}
