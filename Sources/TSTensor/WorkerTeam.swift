import Synchronization
import TSSupport

/// Persistent worker threads for short, frequent parallel regions: a recurrent pass's row
/// chunks last tens of microseconds, about what waking a blocked thread costs (a futex
/// wake-up and an inter-processor interrupt, slower still in a virtual machine).
///
/// `run(count:_:)` calls `body(0)` on the calling thread and `body(1) … body(count − 1)` on
/// workers `1 … count − 1`, and returns when all are done. After a region a worker spins on
/// the region counter for up to `spinNanoseconds` before it blocks, so the regions of one
/// training step (forward, backward, weight gradients) and of consecutive steps start at
/// once; like an OpenMP runtime's active wait, an idle-but-spinning worker keeps its core
/// busy for that long. One region runs at a time: a caller that finds the team busy (another
/// thread's region, or a nested call) runs its bodies itself, in order, so results never
/// depend on which path ran.
package final class WorkerTeam: @unchecked Sendable {
    /// The process-wide team; workers are started on first use, as many as asked for.
    package static let shared = WorkerTeam()
    /// How long an idle worker spins before it blocks.
    static let spinNanoseconds: UInt64 = 200_000

    private let region = Atomic<Int>(0)  // incremented to publish a region
    private let pending = Atomic<Int>(0)  // workers yet to finish the current region
    private let sleepers = Atomic<Int>(0)  // workers blocked on `wake`
    private let busy = Atomic<Bool>(false)  // a region is being run
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var workers = 0  // started workers; changed only by the thread holding `busy`
    private var count = 0  // the current region's body count
    private var body: ((Int) -> Void)?  // the current region's body, set before `region` moves

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
    }

    /// Runs `body(i)` for `i < count`, `i = 0` on the calling thread (see the type).
    package func run(count: Int, _ body: (Int) -> Void) {
        guard count > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        while workers < count - 1 { startWorker(index: workers + 1) }
        withoutActuallyEscaping(body) { body in
            self.body = body
            self.count = count
            // Every worker acknowledges every region (running a body or not), so none can
            // lag behind and read a later region's `count` and `body`.
            pending.store(workers, ordering: .sequentiallyConsistent)
            region.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(mutex)
            }
            body(0)
            while pending.load(ordering: .acquiring) > 0 {}
            self.body = nil
        }
    }

    /// Starts worker `index` (≥ 1), which runs `body(index)` of every region with more
    /// than `index` bodies.
    private func startWorker(index: Int) {
        workers = index
        // The worker waits for regions after the current one, whenever its thread gets going.
        let context = Unmanaged.passRetained(
            WorkerContext(team: self, index: index, seen: region.load(ordering: .acquiring))
        ).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
            context.team.serve(index: context.index, seen: context.seen)
        }, context)
        precondition(status == 0, "WorkerTeam: pthread_create failed (\(status))")
        pthread_detach(thread)
    }

    /// A worker's loop: wait for the region after `seen` (spinning, then blocking), run
    /// its body, repeat.
    private func serve(index: Int, seen: Int) -> Never {
        var seen = seen
        while true {
            let start = Self.nanoseconds()
            var polls = 0
            while region.load(ordering: .acquiring) == seen {
                polls += 1
                if polls % 1024 == 0 && Self.nanoseconds() - start > Self.spinNanoseconds { block(seen: seen) }
            }
            seen = region.load(ordering: .acquiring)
            if index < count { body!(index) }
            pending.subtract(1, ordering: .releasing)
        }
    }

    /// Blocks until `region` differs from `seen`.
    private func block(seen: Int) {
        pthread_mutex_lock(mutex)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while region.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(wake, mutex) }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(mutex)
    }

    /// A monotonic clock in nanoseconds.
    private static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// What a worker thread is started with.
private final class WorkerContext {
    let team: WorkerTeam
    let index: Int
    let seen: Int  // the last region published before the worker was started

    init(team: WorkerTeam, index: Int, seen: Int) {
        self.team = team
        self.index = index
        self.seen = seen
    }
}
