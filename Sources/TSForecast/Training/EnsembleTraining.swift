import Dispatch
import Synchronization
import TSSupport
import TSTensor
import TSTraining

/// How an ensemble's members are trained: member `i` with `setup` but seed
/// `training.seed + i`, concurrently when the setup's thread count allows.
///
/// With `T` = `training.threads.count` and `N` = `ensemble`, up to `P = min(N, T)` members
/// train at once and each gets `max(1, T / P)` threads (`memberThreads`). A member's result
/// depends only on its seed and that thread count, never on which members run beside it
/// or in what order, so the ensemble is reproducible exactly as a single model is at that
/// thread count: member `i` equals a single model trained with seed `seed + i` and
/// `memberThreads`. (`T` = 1 or 2 give every member one thread, so those two agree bit for
/// bit; `T` = 4 with `N` = 2 gives members two threads each, which may round differently.)
/// At most as many members as online cores run at once; more would only wait for each other.
struct EnsembleTraining {
    /// The ensemble's setup (`ensemble` members).
    var setup: ForecastSetup

    /// The thread count of each member's training: `max(1, T / min(N, T))`.
    var memberThreads: ComputeThreads {
        let total = setup.training.threads.count
        return try! ComputeThreads(count: max(1, total / min(setup.ensemble, total)))
    }

    /// Member `i`'s setup: seed `training.seed + i`, `memberThreads` threads, one network.
    func memberSetup(_ i: Int) -> ForecastSetup {
        var member = setup
        member.ensemble = 1
        member.training.seed = setup.training.seed &+ UInt64(i)
        member.training.threads = memberThreads
        return member
    }

    /// Trains every member with `train(memberSetup, progress)`, up to `min(N, T, cores)`
    /// at a time, and returns their results in member order; the first member error (in
    /// member order) is rethrown after all have ended.
    ///
    /// `progress` sees every member's epochs, one call at a time (members running at once
    /// interleave). When it returns `false`, or a member running on the calling thread
    /// sees the calling task cancelled, every member stops after its current epoch (a
    /// member not yet started then stops after its first), keeping its best weights.
    func fit<T>(
        progress: ((EpochRecord) -> Bool)?,
        train: @escaping (_ setup: ForecastSetup, _ progress: @escaping (EpochRecord) -> Bool) throws -> T
    ) throws -> [T] {
        let workers = min(setup.ensemble, setup.training.threads.count, ComputeThreads.processors)
        let run = MemberRuns(count: setup.ensemble, progress: progress) { i, memberProgress in
            try train(memberSetup(i), memberProgress)
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in run.work() }
        } else {
            run.work()
        }
        return try run.results()
    }
}

/// The members still to train and the results so far, shared by the worker threads.
///
/// `@unchecked Sendable`: `next`, `slots` and the progress are behind locks; `train`
/// builds and trains a network of its own per member, reading the shared data only.
private final class MemberRuns<T>: @unchecked Sendable {
    private let count: Int
    private let train: (_ member: Int, _ progress: @escaping (EpochRecord) -> Bool) throws -> T
    private let progress: SharedProgress
    private let next = Mutex(0)
    private let slotLock = Mutex(())
    private var slots: [Result<T, any Error>?]

    init(count: Int, progress: ((EpochRecord) -> Bool)?, train: @escaping (Int, @escaping (EpochRecord) -> Bool) throws -> T) {
        self.count = count
        self.progress = SharedProgress(progress)
        self.train = train
        slots = Array(repeating: nil, count: count)
    }

    /// Trains members, taking the next untrained one each time, until none is left.
    func work() {
        while let i = next.withLock({ n -> Int? in
            guard n < count else { return nil }
            n += 1
            return n - 1
        }) {
            let result = Result { try train(i) { [progress] record in progress.report(record, cancelled: Task.isCancelled) } }
            slotLock.withLock { _ in slots[i] = result }
        }
    }

    /// Every member's result in member order, or the first member's error.
    func results() throws -> [T] {
        try slotLock.withLock { _ in try slots.map { try $0!.get() } }
    }
}

/// One progress callback shared by concurrently training members: calls are serialised,
/// and once any call asks to stop (or reports cancellation) every later one does too.
private final class SharedProgress: @unchecked Sendable {
    private let progress: ((EpochRecord) -> Bool)?
    private let stopped = Mutex(false)

    init(_ progress: ((EpochRecord) -> Bool)?) { self.progress = progress }

    /// Whether training should go on after `record` (`cancelled`: the reporting thread's
    /// task was cancelled).
    func report(_ record: EpochRecord, cancelled: Bool) -> Bool {
        stopped.withLock { stopped in
            if cancelled { stopped = true }
            if !stopped, let progress, !progress(record) { stopped = true }
            return !stopped
        }
    }
}
