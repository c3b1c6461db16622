import TSData
import TSRecurrent
import TSTensor

/// Prediction with a stateful model (`ForecastSetup.stateful`): instead of a context window
/// from the zero state, the network runs over the whole gap-free history before each
/// predicted row, in chunks of `max(L, StatefulTask.inferenceChunk)` steps with the state
/// carried, starting from zero at the segment's first row with `spec.history` rows before it.
extension ForecastModel {
    /// Whether predictions warm the state up over the history (`ForecastSetup.stateful`).
    public var isStateful: Bool { metadata.setup.stateful }

    /// The step features of a stateful model and the chunk length of its inference runs.
    private var statefulShape: (spec: SequenceSpec, chunk: Int) {
        guard case .sequence(let spec, _) = metadata.layout, let chunk = metadata.setup.subsequence, isStateful else {
            preconditionFailure("ForecastModel: a stateful prediction needs a stateful recurrent model")
        }
        return (spec, max(chunk, StatefulTask.inferenceChunk))
    }

    /// Member `member`'s one-step network outputs (`[W]` each, `NetworkSpec.headSize`) of `rows`
    /// (ascending, each with the layout's history inside its segment): one run per segment,
    /// from its first row with features up to its last requested row, so every prediction
    /// reads the state of the whole history before it. O(rows of history).
    func statefulOneStep(_ recording: Recording, rows: [Int], member: Int = 0) -> [[Float]] {
        var outputs: [[Float]] = []
        outputs.reserveCapacity(rows.count)
        var next = 0
        while next < rows.count {
            let segment = recording.segments.first { $0.contains(rows[next]) }!
            let end = rows[next...].prefix { segment.contains($0) }.last! + 1
            _ = run(recording, rows: (segment.lowerBound + statefulShape.spec.history)..<end, from: nil, member: member) { k, output in
                if next < rows.count && rows[next] == k {
                    outputs.append(output)
                    next += 1
                }
            }
        }
        return outputs
    }

    /// A step function for member `member`'s free run from row `start` of `recording` with `count` tracks:
    /// the state is warmed up over the gap-free rows before `start` (zero when there are
    /// none), copied to every track, then each call `step(tracks, k)` advances it one row
    /// (`k = start, start + 1, …`) and returns each track's outputs.
    func statefulSteps(_ recording: Recording, start: Int, count: Int, member: Int = 0) -> (_ tracks: [Recording], _ k: Int) -> [[Float]] {
        let (spec, _) = statefulShape
        let segment = recording.segments.last { $0.lowerBound < start }
        let first = segment.map { $0.lowerBound + spec.history } ?? start
        let warm = first < start ? run(recording, rows: first..<start, from: nil, member: member) { _, _ in } : nil
        var state = warm.map { Self.repeated($0, count: count) }
        return { tracks, k in
            var x = Tensor(shape: [1, tracks.count, spec.featureCount])
            x.withUnsafeMutableBufferPointer { p in
                for (n, track) in tracks.enumerated() { spec.features(of: track, at: k, into: p.baseAddress! + n * spec.featureCount) }
            }
            let (output, finalState) = self.predict(x, state: state, member: member)
            state = finalState
            return self.metadata.layout.predictions(output)
        }
    }

    /// Runs member `member` over `rows` of `recording` (one lane) from `state`, in chunks with
    /// the state carried, handing each row's output to `each`; returns the
    /// final state.
    private func run(
        _ recording: Recording, rows: Range<Int>, from state: RecurrentState?, member: Int,
        each: (_ row: Int, _ output: [Float]) -> Void
    ) -> RecurrentState? {
        let (spec, chunk) = statefulShape
        var state = state
        for start in stride(from: rows.lowerBound, to: rows.upperBound, by: chunk) {
            let steps = min(chunk, rows.upperBound - start)
            var x = Tensor(shape: [steps, 1, spec.featureCount])
            x.withUnsafeMutableBufferPointer { p in
                for t in 0..<steps { spec.features(of: recording, at: start + t, into: p.baseAddress! + t * spec.featureCount) }
            }
            let (output, finalState) = predict(x, state: state, member: member)
            state = finalState
            let w = output.shape[2]
            for t in 0..<steps { each(start + t, Array(output.scalars[(t * w)..<((t + 1) * w)])) }
        }
        return state
    }

    /// A one-lane state `[S, 1, H]` repeated for `count` lanes: `[S, count, H]`.
    static func repeated(_ state: RecurrentState, count: Int) -> RecurrentState {
        func repeatRows(_ x: Tensor) -> Tensor {
            let (slices, hidden) = (x.shape[0], x.shape[2])
            let rows = (0..<slices).flatMap { s in
                (0..<count).flatMap { _ in x.scalars[(s * hidden)..<((s + 1) * hidden)] }
            }
            return Tensor(shape: [slices, count, hidden], scalars: rows)
        }
        return RecurrentState(h: repeatRows(state.h), c: state.c.map(repeatRows))
    }
}
