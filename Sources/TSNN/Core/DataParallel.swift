import TSTensor

/// A model that can build an independent copy of itself for `DataParallel`.
public protocol Replicable: AnyObject {
    /// The parameters of the whole model.
    var store: ParameterStore { get }
    /// A model of the same architecture and settings with its own, new `ParameterStore`
    /// (its layers, workspaces and gradients are its own; its initial values do not
    /// matter: `DataParallel` shares the original's values with it for every step).
    func replica() -> Self
}

/// Data-parallel training steps: a batch of `B` rows is cut into `P` consecutive shards,
/// each shard runs its forward and backward on a replica of the model on its own thread
/// (`P = min(threads, B / minimumShardRows)`), and the shards' gradients are summed into
/// the model's store in a fixed order.
///
/// A small network's step on one core is a chain of short products whose outputs the next
/// operator reads at once; splitting each product over the cores makes every operator's
/// output cross between them. Splitting the batch keeps each shard's activations on its
/// core; only the parameter gradients meet, once per step.
///
/// For every shard `i` with `nᵢ` rows the replica starts from the model's values (shared,
/// not copied: the replica's store holds the same array buffer until the shard ends), its
/// frozen set and zero gradients in the trainable ranges (the only ones summed); `body`
/// accumulates that shard's gradient `gᵢ` of a loss that is a mean over the shard's rows.
/// Then, in shard order,
///
///     store.gradients += Σᵢ (nᵢ / B) · gᵢ
///
/// which is the gradient of the batch mean, accumulated like any backward pass. The sum is
/// split over the threads by parameter ranges, each element summed in shard order, so the
/// result depends on `P` (the shards' rounding) but not on which thread ran what: the same
/// seed and thread count give the same bits.
///
/// A replica's forward must not depend on rows of other shards: batch statistics (batch
/// norm in training mode) would be taken per shard, so a model with a `BatchNorm` in its
/// module tree is refused. Buffers are shared like the values and must not be written by
/// the shards.
public final class DataParallel<Model: Replicable> {
    /// The model whose store receives the gradients.
    public let model: Model
    /// One copy per thread, each with its own store.
    public let replicas: [Model]
    /// The fewest rows a shard gets (a smaller batch runs as fewer shards).
    public static var minimumShardRows: Int { 16 }

    /// Replicas of `model` for `threads.usable` shards (at least one).
    ///
    /// - Precondition: `model`'s module tree (when it is a `Module`) has no `BatchNorm`.
    public init(_ model: Model, threads: ComputeThreads) {
        if let module = model as? any Module {
            precondition(
                !module.namedModules().contains { $0.module is BatchNorm },
                "DataParallel: batch norm would take its statistics per shard; train this model with split products instead")
        }
        self.model = model
        replicas = (0..<max(threads.usable, 1)).map { _ in model.replica() }
        for replica in replicas {
            precondition(replica.store.entries == model.store.entries, "DataParallel: a replica's parameters must match the model's")
        }
    }

    /// The row ranges of a batch of `rows`: `P` near-equal consecutive shards.
    public func shards(rows: Int) -> [Range<Int>] {
        let parts = max(1, min(replicas.count, rows / Self.minimumShardRows))
        return (0..<parts).map { p in (p * rows / parts)..<((p + 1) * rows / parts) }
    }

    /// Runs `body(replica, shard)` for every shard (a range of rows) of a batch of `rows`, in
    /// parallel on the worker team, then accumulates `Σᵢ (nᵢ/B)·gᵢ` into the model's
    /// gradients (see the type); returns each shard's result with its weight `nᵢ/B`.
    public func accumulate<Result>(rows: Int, _ body: (Model, Range<Int>) -> Result) -> [(weight: Double, result: Result)] {
        let shards = shards(rows: rows)
        let store = model.store
        let trainable = store.trainableRanges
        var results = [Result?](repeating: nil, count: shards.count)
        results.withUnsafeMutableBufferPointer { results in
            WorkerTeam.shared.run(count: shards.count) { i in
                let replicaStore = replicas[i].store
                replicaStore.share(store)
                // Only the trainable ranges are summed, so only they need to start at zero.
                replicaStore.gradients.withUnsafeMutableBufferPointer { g in
                    for range in trainable { (g.baseAddress! + range.lowerBound).update(repeating: 0, count: range.count) }
                }
                results[i] = body(replicas[i], shards[i])
                replicaStore.unshare()
            }
        }
        sumGradients(weights: shards.map { Float($0.count) / Float(rows) }, over: trainable)
        return zip(shards, results).map { (Double($0.count) / Double(rows), $1!) }
    }

    /// `store.gradients += Σᵢ wᵢ·gᵢ` over the trainable `ranges`, each element in shard
    /// order; near-equal parts of the ranges (as Adam splits them) run on the replicas'
    /// threads.
    private func sumGradients(weights: [Float], over ranges: [Range<Int>]) {
        let total = ranges.reduce(0) { $0 + $1.count }
        let parts = weights.count
        // The stores, not the (generic) replicas: the block loop below then runs without
        // looking up generic metadata per iteration.
        let stores = replicas.map(\.store)
        model.store.gradients.withUnsafeMutableBufferPointer { g in
            WorkerTeam.shared.run(count: parts) { p in
                forEachPiece(of: ranges, from: p * total / parts, to: (p + 1) * total / parts) { piece in
                    // In blocks that stay in L1 while every replica's part is added.
                    for start in stride(from: piece.lowerBound, to: piece.upperBound, by: 2048) {
                        let n = min(2048, piece.upperBound - start)
                        for (replicaStore, weight) in zip(stores, weights) {
                            replicaStore.gradients.withUnsafeBufferPointer { r in
                                BLAS.axpy(n: n, alpha: weight, x: r.baseAddress! + start, y: g.baseAddress! + start)
                            }
                        }
                    }
                }
            }
        }
    }
}
