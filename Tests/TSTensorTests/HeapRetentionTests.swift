import Testing
import TSSupport
import TSTensor

#if os(Linux) && canImport(Glibc)
/// After `HeapRetention.retainFreedMemory()`, an 8 MiB block freed and allocated again is
/// served from memory the process already has: touching it the second time takes almost no
/// page faults, where a fresh mapping of 8 MiB takes one per 4 KiB page (2,048). Faults
/// are counted for the test's own thread (`RUSAGE_THREAD`), so tests running beside it do
/// not count.
@Suite struct HeapRetentionTests {
    /// Minor page faults of the calling thread so far.
    static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(1, &usage)  // RUSAGE_THREAD (Linux; hidden without _GNU_SOURCE)
        return usage.ru_minflt
    }

    /// Allocates `count` floats, writes every one and frees them.
    static func touch(_ count: Int) -> Float {
        let buffer = [Float](repeating: 1, count: count)
        return buffer[count - 1]
    }

    @Test func aFreedBlockIsReusedWithoutPageFaults() {
        HeapRetention.retainFreedMemory()
        let count = 2 << 20  // 8 MiB of floats
        _ = Self.touch(count)
        let before = Self.minorFaults()
        let value = Self.touch(count)
        let faults = Self.minorFaults() - before
        #expect(value == 1)
        #expect(faults < 200, "\(faults) page faults for a reused 8 MiB block (2,048 pages)")
    }
}
#endif
