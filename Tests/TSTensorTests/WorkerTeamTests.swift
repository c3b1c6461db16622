import Glibc
import Synchronization
import Testing
@testable import TSTensor

/// The worker team runs every body of a region exactly once, the first on the calling
/// thread, across many back-to-back regions, regions after its workers went to sleep,
/// and nested regions (which run serially).
@Suite(.serialized) struct WorkerTeamTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Runs one region of `count` bodies; returns how often each index ran and on which thread.
    static func region(count: Int) -> (runs: [Int], callerRanFirst: Bool) {
        let runs = (0..<count).map { _ in Counter() }
        let caller = pthread_self()
        let onCaller = Atomic<Bool>(false)
        WorkerTeam.shared.run(count: count) { i in
            runs[i].value.add(1, ordering: .relaxed)
            if i == 0 { onCaller.store(pthread_equal(pthread_self(), caller) != 0, ordering: .relaxed) }
        }
        return (runs.map { $0.value.load(ordering: .relaxed) }, onCaller.load(ordering: .relaxed))
    }

    @Test func everyBodyRunsOnceAcrossManyRegions() {
        for r in 0..<2_000 {
            let count = 1 + r % 4
            let (runs, callerRanFirst) = Self.region(count: count)
            #expect(runs == Array(repeating: 1, count: count), "region \(r)")
            #expect(callerRanFirst, "region \(r): body 0 ran off the calling thread")
            if runs != Array(repeating: 1, count: count) { return }
        }
    }

    @Test func regionsAfterTheWorkersBlockedStillRun() {
        for r in 0..<5 {
            usleep(UInt32(3 * WorkerTeam.spinNanoseconds / 1000))  // past the spin window
            #expect(Self.region(count: 3).runs == [1, 1, 1], "region \(r)")
        }
    }

    @Test func nestedRegionsRunSerially() {
        let total = Atomic<Int>(0)
        WorkerTeam.shared.run(count: 2) { _ in
            WorkerTeam.shared.run(count: 3) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 6)
    }
}
