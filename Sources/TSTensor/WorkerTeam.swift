import Synchronization
import TSSupport

/// Persistent worker threads for short, frequent parallel regions: a recurrent pass's row
/// chunks last tens of microseconds, about what waking a blocked thread costs (a futex
/// wake-up and an inter-processor interrupt, slower still in a virtual machine).
///
/// `run(count:_:)` calls `body(0)` on the calling thread; bodies `1 … count − 1` are claimed
/// one at a time, by the workers and by the caller once its own is done, and `run` returns
/// when all are done. So a worker the operating system has not scheduled (a loaded machine)
/// delays nothing: its bodies are claimed by whoever is running, and the caller waits only
/// for bodies already under way. After a region a worker spins on the region counter for up
/// to `spinNanoseconds` before it blocks, so the regions of one training step (forward,
/// backward, weight gradients) and of consecutive steps start at once; like an OpenMP
/// runtime's active wait, an idle-but-spinning worker keeps its core busy for that long.
/// One region runs at a time: a caller that finds the team busy (another thread's region,
/// or a nested call) runs its bodies itself, in order. Which thread runs a body never
/// changes a result: callers make `body(i)` depend on `i` alone.
package final class WorkerTeam: @unchecked Sendable {
    /// The process-wide team; workers are started on first use, as many as asked for.
    package static let shared = WorkerTeam()
    /// How long an idle worker spins before it blocks.
    static let spinNanoseconds: UInt64 = 200_000

    /// The current region's number, body count and next unclaimed body,
    /// `region << 32 | count << 16 | next`; a new region is published by storing
    /// `(region + 1) << 32 | count << 16 | 1`. The count travels in the same word as the
    /// claims, so a claim is checked against its own region's count: a worker holding the
    /// last state of a finished region cannot take a body of the next one, whose count the
    /// caller may already have set while the old state was still current.
    private let claims = Atomic<UInt64>(0)
    private let finished = Atomic<Int>(0)  // the current region's bodies done
    private let sleepers = Atomic<Int>(0)  // workers blocked on `wake`
    private let busy = Atomic<Bool>(false)  // a region is being run
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var workers = 0  // started workers; changed only by the thread holding `busy`
    private var body: ((Int) -> Void)?  // the current region's body, set before it is published

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
        precondition(count < 1 << 16, "WorkerTeam.run: at most 65,535 bodies a region, got \(count)")
        while workers < count - 1 { startWorker() }
        withoutActuallyEscaping(body) { body in
            // The previous region is complete: no thread reads `body` or adds to `finished`
            // until the new region is published.
            self.body = body
            finished.store(0, ordering: .relaxed)
            let region = (claims.load(ordering: .relaxed) >> 32) &+ 1
            claims.store(region << 32 | UInt64(count) << 16 | 1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(mutex)
            }
            body(0)
            finished.add(1, ordering: .releasing)
            runClaimed(region: region)
            while finished.load(ordering: .acquiring) < count {}
            self.body = nil
        }
    }

    /// Claims and runs bodies of `region` until none is left unclaimed.
    private func runClaimed(region: UInt64) {
        var state = claims.load(ordering: .acquiring)
        while state >> 32 == region {
            let (count, next) = (Int(state >> 16 & 0xffff), Int(state & 0xffff))
            guard next < count else { return }
            let (exchanged, original) = claims.compareExchange(expected: state, desired: state + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                // The region cannot complete before body `next` does, so `body` is its own.
                body!(next)
                finished.add(1, ordering: .releasing)
                state = claims.load(ordering: .acquiring)
            } else {
                state = original
            }
        }
    }

    /// Starts a worker, which takes part in every region published after its start.
    private func startWorker() {
        workers += 1
        let context = Unmanaged.passRetained(WorkerContext(team: self, seen: claims.load(ordering: .acquiring) >> 32)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
            context.team.serve(seen: context.seen)
        }, context)
        precondition(status == 0, "WorkerTeam: pthread_create failed (\(status))")
        pthread_detach(thread)
    }

    /// A worker's loop: wait for a region after `seen` (spinning, then blocking), claim and
    /// run its bodies, repeat. A worker that wakes late finds the region's bodies claimed
    /// and waits for the next.
    private func serve(seen: UInt64) -> Never {
        var seen = seen
        while true {
            let start = Self.nanoseconds()
            var polls = 0
            while claims.load(ordering: .acquiring) >> 32 == seen {
                polls += 1
                if polls % 1024 == 0 && Self.nanoseconds() - start > Self.spinNanoseconds { block(seen: seen) }
            }
            seen = claims.load(ordering: .acquiring) >> 32
            runClaimed(region: seen)
        }
    }

    /// Blocks until the region differs from `seen`.
    private func block(seen: UInt64) {
        pthread_mutex_lock(mutex)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while claims.load(ordering: .sequentiallyConsistent) >> 32 == seen { pthread_cond_wait(wake, mutex) }
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
    let seen: UInt64  // the last region published before the worker was started

    init(team: WorkerTeam, seen: UInt64) {
        self.team = team
        self.seen = seen
    }
}
