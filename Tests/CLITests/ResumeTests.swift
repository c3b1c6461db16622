import Foundation
import Testing

/// `train --checkpoint-dir` / `--resume`: a run killed with SIGKILL once it has saved a
/// checkpoint and then resumed writes the model file an uninterrupted run writes (tensors
/// bit for bit, metadata but `train_seconds` byte for byte); a resume with other flags is
/// a usage error, a corrupt checkpoint a model-file error, a checkpoint that cannot be
/// written a failure (exit 1) without a model.
@Suite struct ResumeTests {
    /// An LSTM on the weekly CO₂ series, about 0.2 s an epoch in a debug build: 16 epochs
    /// with the default early stopping, checkpoints every 3. (The default rate is constant;
    /// `CheckpointResumeTests` in TSTrainingTests covers the plateau schedule's state.)
    static func arguments(_ output: String) -> [String] {
        [
            "train", CLI.bundled("co2_weekly.csv"), "--missing", "interpolate", "--model", "lstm", "--lags", "8", "--hidden", "12",
            "--epochs", "16", "--seed", "5", "--threads", "1", "--quiet", "-o", output,
        ]
    }

    @Test func killedAndResumedRunWritesTheUninterruptedModel() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { directory.appendingPathComponent($0).path }
        let straight = try CLI.run(Self.arguments(path("straight.safetensors")))
        #expect(straight.status == 0, "\(straight.stderr)")

        let checkpoint = path("ck/checkpoint.safetensors")
        let (process, _, _) = try CLI.start(Self.arguments(path("resumed.safetensors")) + ["--checkpoint-dir", path("ck"), "--checkpoint-every", "3"])
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline { usleep(5_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run ended before it was killed")
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        #expect(!FileManager.default.fileExists(atPath: path("resumed.safetensors")), "killed before it wrote the model")

        let resumed = try CLI.run(Self.arguments(path("resumed.safetensors")) + ["--resume", path("ck")])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let a = try InMemoryParityTests.contents(path("straight.safetensors"))
        let b = try InMemoryParityTests.contents(path("resumed.safetensors"))
        #expect(a.tensors == b.tensors)
        #expect(a.metadata == b.metadata)
    }

    @Test func resumeWithOtherFlagsOrACorruptCheckpointFails() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ck = directory.appendingPathComponent("ck").path
        let nile = ["train", CLI.bundled("nile.csv"), "--model", "gru", "--lags", "5", "--hidden", "4", "--epochs", "6", "--patience", "0", "--quiet"]
        let first = try CLI.run(nile + ["--checkpoint-dir", ck, "-o", directory.appendingPathComponent("m.safetensors").path])
        #expect(first.status == 0, "\(first.stderr)")

        let other = try CLI.run(nile + ["--hidden", "5", "--resume", ck, "-o", directory.appendingPathComponent("o.safetensors").path])
        #expect(other.status == 64)
        #expect(other.stderr.contains("ck/checkpoint.safetensors: the checkpoint was written by a run with other settings (hidden)"), "\(other.stderr)")
        // `--lr-plateau` reaches the training settings (the schedule a checkpoint was written with).
        let plateau = try CLI.run(nile + ["--lr-plateau", "5", "--resume", ck, "-o", directory.appendingPathComponent("p.safetensors").path])
        #expect(plateau.status == 64)
        #expect(plateau.stderr.contains("the checkpoint was written by a run with other settings (training)"), "\(plateau.stderr)")
        // The thread count is named on its own (the first run used the default, the online cores).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = try CLI.run(nile + ["--threads", "\(cores + 1)", "--resume", ck, "-o", directory.appendingPathComponent("t.safetensors").path])
        #expect(threads.status == 64)
        #expect(threads.stderr.contains("other threads (checkpoint \(cores), now \(cores + 1)); resume with the same flags"), "\(threads.stderr)")

        let url = directory.appendingPathComponent("ck/checkpoint.safetensors")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 1
        try bytes.write(to: url)
        let corrupt = try CLI.run(nile + ["--resume", ck, "-o", directory.appendingPathComponent("c.safetensors").path])
        #expect(corrupt.status == 66)
        #expect(corrupt.stderr.contains("ck/checkpoint.safetensors: unusable checkpoint: tensor data does not match its checksum"), "\(corrupt.stderr)")

        let noDirectory = try CLI.run(nile + ["--checkpoint-every", "3"])
        #expect(noDirectory.status == 64 && noDirectory.stderr.contains("need --checkpoint-dir"), "\(noDirectory.stderr)")

        // A checkpoint that cannot be written stops training; no model trained short is written.
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("checkpoint.safetensors"), withIntermediateDirectories: true)
        let unwritable = try CLI.run(nile + ["--checkpoint-dir", blocked.path, "-o", directory.appendingPathComponent("u.safetensors").path])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("blocked/checkpoint.safetensors: cannot write"), "\(unwritable.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("u.safetensors").path))

        let missing = try CLI.run(nile + ["--resume", directory.appendingPathComponent("none").path])
        #expect(missing.status == 66 && missing.stderr.contains("none/checkpoint.safetensors: unusable checkpoint: no such file"), "\(missing.stderr)")
    }

    /// `--global` takes the same path: resuming from the last checkpoint of a finished run
    /// (epoch 7 of 8) trains epoch 8 only (its progress log shows no other) and writes the
    /// model the run wrote, dropout masks between the two GRU layers included.
    @Test func globalRunResumes() throws {
        let dir = try BatchTests.seriesDirectory(count: 3, broken: false)
        let work = dir.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: work) }
        let path = { work.appendingPathComponent($0).path }
        let arguments = ["train", dir.path, "--global", "--model", "gru", "--lags", "4", "--hidden", "6", "--layers", "2", "--dropout", "0.3", "--epochs", "8", "--patience", "0"]
        let first = try CLI.run(arguments + ["--checkpoint-dir", path("ck"), "-o", path("first.safetensors")])
        #expect(first.status == 0 && first.stderr.contains("epoch 1/8 loss"), "\(first.stderr)")
        let resumed = try CLI.run(arguments + ["--resume", path("ck"), "-o", path("resumed.safetensors")])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let epochs = resumed.stderr.split(separator: "\n").filter { $0.contains(" epoch ") || $0.hasPrefix("epoch ") }
        #expect(epochs.count == 1 && epochs[0].contains("epoch 8/8 loss"), "\(resumed.stderr)")
        let a = try InMemoryParityTests.contents(path("first.safetensors"))
        let b = try InMemoryParityTests.contents(path("resumed.safetensors"))
        #expect(a.tensors == b.tensors && a.metadata == b.metadata)
    }

    /// A temporal convolutional network with dropout layers in its blocks, resumed from its
    /// epoch-3 checkpoint, writes the model of the uninterrupted 6-epoch run.
    @Test func convolutionalRunWithDropoutResumes() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { directory.appendingPathComponent($0).path }
        let arguments = [
            "train", CLI.bundled("sunspots_yearly.csv"), "--model", "cnn", "--lags", "8", "--channels", "6", "--dropout", "0.2",
            "--epochs", "6", "--patience", "0", "--seed", "3", "--quiet",
        ]
        let first = try CLI.run(arguments + ["--checkpoint-dir", path("ck"), "--checkpoint-every", "3", "-o", path("first.safetensors")])
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try CLI.run(arguments + ["--resume", path("ck"), "-o", path("resumed.safetensors")])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let a = try InMemoryParityTests.contents(path("first.safetensors"))
        let b = try InMemoryParityTests.contents(path("resumed.safetensors"))
        #expect(a.tensors == b.tensors && a.metadata == b.metadata)
    }
}
