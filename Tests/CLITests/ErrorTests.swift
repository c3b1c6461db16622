import Foundation
import Testing

/// Bad input gets one readable message naming the file, line/column or flag, and the
/// documented exit code.
@Suite struct ErrorTests {
    static func write(_ text: String, _ name: String) throws -> String {
        let url = try CLI.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// An unknown kernel path is one line on standard error and the run goes on with the
    /// CPU's best path: never an illegal instruction, never a silent wrong choice.
    @Test func unknownKernelPathFallsBackWithAMessage() throws {
        let model = try CLI.temporaryDirectory().appendingPathComponent("nile.safetensors").path
        let result = try CLI.run(
            ["train", CLI.bundled("nile.csv"), "--lags", "4", "--epochs", "1", "--quiet", "-o", model],
            environment: ["TSFORECAST_KERNELS": "avx9"])
        #expect(result.status == 0, "\(result.stderr)")
        let messages = result.stderr.split(separator: "\n").filter { $0.contains("TSFORECAST_KERNELS") }
        #expect(messages.count == 1, "\(result.stderr)")
        #expect(messages.first?.contains("TSFORECAST_KERNELS=avx9 is not one of auto, baseline, avx2, avx512") == true)
    }

    @Test func malformedCSVIsADataErrorNamingLineAndColumn() throws {
        let csv = try Self.write("t,y\n1,1.5\n2,abc\n3,2.5\n", "bad.csv")
        let result = try CLI.run(["train", csv, "--lags", "1", "--epochs", "1", "--quiet"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.csv:3:2"), "\(result.stderr)")
        #expect(result.stderr.contains("expected a number, found \"abc\""))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingValuesSuggestAPolicy() throws {
        let csv = try Self.write("t,y\n" + (1...40).map { "\($0),\($0 == 20 ? "" : String($0))" }.joined(separator: "\n"), "gap.csv")
        let result = try CLI.run(["train", csv, "--lags", "2", "--epochs", "1", "--quiet", "-o", csv + ".m"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("gap.csv:21:2"))
        #expect(result.stderr.contains("interpolate"))
        let fixed = try CLI.run(["train", csv, "--lags", "2", "--epochs", "1", "--quiet", "--missing", "interpolate", "-o", csv + ".m"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    @Test func ambiguousTargetListsTheColumns() throws {
        let csv = try Self.write("date,a,b\n2020-01-01,1,2\n2020-01-02,2,3\n", "two.csv")
        let result = try CLI.run(["train", csv, "--quiet"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("--target"))
        #expect(result.stderr.contains("a, b"))
    }

    @Test func badFlagsAreUsageErrorsNamingTheFlag() throws {
        let csv = CLI.bundled("nile.csv")
        let unknown = try CLI.run(["train", csv, "--lagz", "3"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--lagz"))
        let invalid = try CLI.run(["train", csv, "--lags", "0"])
        #expect(invalid.status == 64)
        #expect(invalid.stderr.contains("--lags"))
        let model = try CLI.run(["train", csv, "--model", "transformer"])
        #expect(model.status == 64)
        #expect(model.stderr.contains("--model"))
        let decoder = try CLI.run(["train", csv, "--model", "narx", "--decoder", "seq2seq", "--quiet"])
        #expect(decoder.status == 64)
        #expect(decoder.stderr.contains("--decoder seq2seq needs --model lstm, gru or rnn"), "\(decoder.stderr)")
    }

    @Test func corruptOrMissingModelFilesAreModelFileErrors() throws {
        let csv = CLI.bundled("nile.csv")
        let missing = try CLI.run(["forecast", "--model", "/nonexistent/m.safetensors", csv])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/m.safetensors"))
        let garbage = try Self.write("this is not a model", "garbage.safetensors")
        let corrupt = try CLI.run(["forecast", "--model", garbage, csv])
        #expect(corrupt.status == 66)
        #expect(corrupt.stderr.contains("garbage.safetensors"))

        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("m.safetensors")
        #expect(try CLI.run(["train", csv, "--model", "mlp", "--lags", "3", "--epochs", "1", "--quiet", "-o", model.path]).status == 0)
        let bytes = try Data(contentsOf: model)
        let truncated = dir.appendingPathComponent("truncated.safetensors")
        try bytes.prefix(bytes.count - 10).write(to: truncated)
        let cut = try CLI.run(["summary", truncated.path])
        #expect(cut.status == 66)
        #expect(cut.stderr.contains("truncated.safetensors"))
    }

    /// One flipped bit inside a tensor of a trained model is a model-file error (66) that
    /// names the file, not a silently different forecast.
    @Test func flippedTensorBitIsAModelFileError() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("m.safetensors")
        let csv = CLI.bundled("nile.csv")
        #expect(try CLI.run(["train", csv, "--model", "mlp", "--lags", "3", "--epochs", "1", "--quiet", "-o", model.path]).status == 0)
        var bytes = try Data(contentsOf: model)
        bytes[bytes.count - 3] ^= 0x04
        try bytes.write(to: model)
        let result = try CLI.run(["forecast", "--model", model.path, csv, "--horizon", "2"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("m.safetensors: tensor data does not match its checksum"), "\(result.stderr)")
    }

    @Test func forecastOutputIsNotWrittenOnError() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("f.csv")
        let result = try CLI.run(["forecast", "--model", dir.appendingPathComponent("none.safetensors").path, CLI.bundled("nile.csv"), "-o", out.path])
        #expect(result.status == 66)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
