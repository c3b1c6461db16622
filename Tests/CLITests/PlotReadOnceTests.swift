import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `plot` reads its CSV once. The CSV is a named pipe served once: a second open of it
/// would block for lack of a writer, so the test waits up to 60 s, then releases such an
/// open (its read sees an empty file) and fails.
@Suite struct PlotReadOnceTests {
    @Test func plotReadsTheCSVOnce() throws {
        let dir = try CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("m.safetensors").path
        let csv = CLI.bundled("nile.csv")
        let train = try CLI.run(["train", csv, "--model", "mlp", "-o", model] + WorkflowTests.quickTrain)
        #expect(train.status == 0, "\(train.stderr)")
        let fifo = dir.appendingPathComponent("nile.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let content = try Data(contentsOf: URL(fileURLWithPath: csv))
        let served = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let fd = open(fifo, O_WRONLY)  // blocks until a reader opens the pipe
            if fd >= 0 {
                _ = content.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            }
            served.signal()
        }
        let (process, out, err) = try CLI.start(["plot", "--model", model, fifo, "--horizon", "4", "--out", dir.path])
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let blocked = process.isRunning
        if blocked {
            let release = open(fifo, O_WRONLY | O_NONBLOCK)
            if release >= 0 { close(release) }
        }
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if served.wait(timeout: .now()) == .timedOut {  // plot never opened the pipe
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            served.wait()
            if reader >= 0 { close(reader) }
        }
        #expect(!blocked, "plot opened the CSV a second time")
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("forecast.svg").path))
    }
}
