import Foundation
import Testing

/// `tsforecast classify`: train → evaluate → predict → summary on bundled data, the JSON
/// reports, and each kind of bad input with its documented exit code and a message naming
/// the file, line, column or flag.
@Suite struct ClassifyTests {
    static func write(_ text: String, _ name: String) throws -> String {
        let url = try CLI.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func trainEvaluatePredictSummarise() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("italy.safetensors").path
        let train = try CLI.run([
            "classify", "train", CLI.bundled("ucr/ItalyPowerDemand_TRAIN.csv"), "--model", "fcn", "--epochs", "3", "--json", "--quiet",
            "-o", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let report = try Self.json(train.stdout)
        #expect(report["model"] as? String == "fcn" && report["epochs"] as? Int == 3 && report["samples"] as? Int == 67)
        #expect(report["parameters"] as? Int == 264_450)

        let evaluation = try CLI.run(["classify", "evaluate", "--model", model, CLI.bundled("ucr/ItalyPowerDemand_TEST.csv"), "--json"])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let metrics = try Self.json(evaluation.stdout)
        let accuracy = try #require(metrics["accuracy"] as? Double)
        let confusion = try #require(metrics["confusion"] as? [[Int]])
        #expect(metrics["count"] as? Int == 1029 && confusion.joined().reduce(0, +) == 1029)
        #expect(metrics["classes"] as? [String] == ["1", "2"])
        // The JSON text of a Double may round-trip one ulp away from the quotient.
        #expect(abs(accuracy - Double(confusion[0][0] + confusion[1][1]) / 1029) < 1e-12)
        // Three epochs of the FCN already separate the two seasons well above chance (0.5).
        #expect(accuracy > 0.8, "accuracy \(accuracy)")
        let table = try CLI.run(["classify", "evaluate", "--model", model, CLI.bundled("ucr/ItalyPowerDemand_TEST.csv")])
        #expect(table.stdout.contains("accuracy") && table.stdout.contains("precision") && table.stdout.contains("confusion"))

        let labels = dir.appendingPathComponent("labels.csv").path
        let predict = try CLI.run(["classify", "predict", "--model", model, CLI.bundled("ucr/ItalyPowerDemand_TEST.csv"), "-o", labels])
        #expect(predict.status == 0, "\(predict.stderr)")
        let rows = try String(contentsOfFile: labels, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "row,label" && rows.count == 1030)
        // The predictions agree with the evaluation's confusion matrix column sums.
        let predictedOnes = rows.dropFirst().filter { $0.hasSuffix(",1") }.count
        #expect(predictedOnes == confusion[0][0] + confusion[1][0])

        let summary = try CLI.run(["summary", model, "--json"])
        #expect(summary.status == 0, "\(summary.stderr)")
        let s = try Self.json(summary.stdout)
        #expect(s["totalParameters"] as? Int == 264_450)
        #expect((s["rows"] as? [[String: Any]])?.first?["layer"] as? String == "Conv1d-1")
    }

    /// `--val` holds out a seeded share of the rows for the validation loss, which then picks
    /// the kept epoch (at most the last one run).
    @Test func validationSplitHoldsOutRows() throws {
        let model = try CLI.temporaryDirectory().appendingPathComponent("v.safetensors").path
        let result = try CLI.run([
            "classify", "train", CLI.bundled("ucr/ItalyPowerDemand_TRAIN.csv"), "--model", "mlp", "--val", "0.3", "--patience", "2",
            "--epochs", "4", "--json", "--quiet", "-o", model,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result.stdout)
        #expect(report["samples"] as? Int == 47, "67 rows less round(0.3 · 67) = 20 held out")
        let epochs = try #require(report["epochs"] as? Int), best = try #require(report["best_epoch"] as? Int)
        #expect((1...epochs).contains(best) && epochs <= 4)
    }

    /// Predicting a file without its label column: every column is a value.
    @Test func predictReadsUnlabeledRows() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("digits.safetensors").path
        let train = try CLI.run([
            "classify", "train", CLI.bundled("digits.csv"), "--model", "lenet", "--normalize", "none", "--epochs", "1", "--quiet", "-o", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let pixels = (0..<64).map { "p\($0)" }.joined(separator: ",") + "\n" + (0..<64).map { _ in "0" }.joined(separator: ",") + "\n"
        let result = try CLI.run(["classify", "predict", "--model", model, try Self.write(pixels, "blank.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == "row,label" && lines[1].hasPrefix("1,"))
    }

    /// `--threads T` sets the training's thread count, which the report records; the
    /// default is the online cores; 0 is a usage error.
    @Test func threadsSetTheTrainingThreadCount() throws {
        let italy = CLI.bundled("ucr/ItalyPowerDemand_TRAIN.csv")
        let model = try CLI.temporaryDirectory().appendingPathComponent("t.safetensors").path
        for threads in [1, 2] {
            let result = try CLI.run(["classify", "train", italy, "--model", "mlp", "--epochs", "1", "--threads", "\(threads)", "--json", "--quiet", "-o", model])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Self.json(result.stdout)["threads"] as? Int == threads, "\(result.stdout)")
        }
        let plain = try CLI.run(["classify", "train", italy, "--model", "mlp", "--epochs", "1", "--json", "--quiet", "-o", model])
        #expect(try Self.json(plain.stdout)["threads"] as? Int == max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))), "\(plain.stdout)")
        let zero = try CLI.run(["classify", "train", italy, "--threads", "0", "--quiet", "-o", model])
        #expect(zero.status == 64 && zero.stderr.contains("--threads must be at least 1, got 0"), "\(zero.stderr)")
    }

    @Test func badInputHasItsExitCodeAndNamesThePlace() throws {
        let italy = CLI.bundled("ucr/ItalyPowerDemand_TRAIN.csv")
        let label = try CLI.run(["classify", "train", italy, "--label", "class", "--quiet"])
        #expect(label.status == 65 && label.stderr.contains("ItalyPowerDemand_TRAIN.csv:1: no column 'class'"), "\(label.stderr)")
        let bad = try Self.write("label,a,b\n1,0.5,1\n2,x,1\n", "bad.csv")
        let value = try CLI.run(["classify", "train", bad, "--quiet"])
        #expect(value.status == 65 && value.stderr.contains("bad.csv:3:2: column 'a': expected a number, found \"x\""), "\(value.stderr)")
        let one = try CLI.run(["classify", "train", try Self.write("label,a\n1,0\n1,2\n", "one.csv"), "--quiet"])
        #expect(one.status == 65 && one.stderr.contains("at least two classes"), "\(one.stderr)")
        let lenet = try CLI.run(["classify", "train", italy, "--model", "lenet", "--quiet"])
        #expect(lenet.status == 65 && lenet.stderr.contains("square images"), "\(lenet.stderr)")
        let flag = try CLI.run(["classify", "train", italy, "--model", "vgg"])
        #expect(flag.status == 64 && flag.stderr.contains("--model"), "\(flag.stderr)")
        let notAModel = try CLI.run(["classify", "evaluate", "--model", italy, italy])
        #expect(notAModel.status == 66, "\(notAModel.stderr)")
    }

    @Test func wrongDataForTheModelIsADataError() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("m.safetensors").path
        let train = try CLI.run(["classify", "train", CLI.bundled("ucr/ItalyPowerDemand_TRAIN.csv"), "--model", "mlp", "--epochs", "1", "--quiet", "-o", model])
        #expect(train.status == 0, "\(train.stderr)")
        let length = try CLI.run(["classify", "evaluate", "--model", model, CLI.bundled("ucr/GunPoint_TEST.csv")])
        #expect(length.status == 65 && length.stderr.contains("150 values but the model was trained on 24"), "\(length.stderr)")
        let rows = "label," + (0..<24).map { "t\($0)" }.joined(separator: ",") + "\n"
        let unknown = try Self.write(rows + "7," + (0..<24).map { _ in "0" }.joined(separator: ",") + "\n", "seven.csv")
        let label = try CLI.run(["classify", "evaluate", "--model", model, unknown])
        #expect(label.status == 65 && label.stderr.contains("seven.csv:2: column 'label': label \"7\" is not a class of the model"), "\(label.stderr)")
    }

    /// A diverging run exits 70 and still writes the best model so far.
    @Test func divergenceExits70AndKeepsAModel() throws {
        let model = try CLI.temporaryDirectory().appendingPathComponent("nan.safetensors").path
        let result = try CLI.run([
            "classify", "train", CLI.bundled("ucr/ItalyPowerDemand_TRAIN.csv"), "--model", "mlp", "--lr", "1e30", "--clip", "0", "--epochs", "3",
            "--quiet", "-o", model,
        ])
        #expect(result.status == 70 && result.stderr.contains("NaN/Inf"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: model))
        #expect(try CLI.run(["summary", model]).status == 0)
    }
}
