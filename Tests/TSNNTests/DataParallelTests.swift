import Testing
import TestSupport
import TSNN
import TSTensor

/// `DataParallel`: shards cover the batch, the summed gradient is the batch mean's (with
/// uneven shards too) added to what the store held, the same count gives the same bits,
/// frozen parameters stay untouched, replicas read the model's current values without
/// keeping its buffer, and a model with batch norm is refused.
@Suite(.enabled(if: ComputeThreads.processors >= 2, "needs two cores for two replicas"))
struct DataParallelTests {
    /// A tanh MLP `12 → 24 → 8 → 3` as a replicable model.
    final class Net: Replicable {
        let store = ParameterStore()
        let mlp: Sequential
        init(seed: UInt64) {
            var rng = RandomGenerator(seed: seed)
            mlp = .multilayerPerceptron(sizes: [12, 24, 8, 3], activation: .tanh, scope: store.scope("mlp"), rng: &rng)
        }
        func replica() -> Self { Self(seed: 99) }

        /// Accumulates `∂/∂θ` of the MSE (a mean over the rows) of `x` against `t`.
        func step(_ x: Tensor, _ t: Tensor) -> Double {
            let tape = Tape()
            let loss = MSELoss().evaluate(prediction: mlp.forward(x, training: true, tape: tape), target: t)
            tape.backward(loss.dPrediction, inputGradient: false)
            return Double(loss.value)
        }
    }

    static let two = try! ComputeThreads(count: 2)

    /// The longest chain of roundings behind a gradient element, for `expectMatchesReference`:
    /// the forward and backward dot products (12 + 24 + 8 + 3 + 8 + 24) and the weight
    /// gradient's sum over up to 40 rows, doubled because both results round (the bound
    /// compares two Float32 computations) and doubled again for the shard weights' products
    /// and the element-wise maps between them. Losses agree within 1e-5 relative (168 u),
    /// inside `8·√n·u` for the forward chain (n ≤ 4 × 47), doubled: 219 u.
    static let depth = 4 * (12 + 24 + 8 + 3 + 8 + 24 + 40)

    /// The data-parallel step of `net` on rows `x`, `t` (through the shard ranges).
    static func parallelStep(_ parallel: DataParallel<Net>, _ x: Tensor, _ t: Tensor) -> Double {
        parallel.accumulate(rows: x.rows) { replica, rows in
            let pieces = (x.split(along: 0, sizes: [rows.lowerBound, rows.count, x.rows - rows.upperBound]),
                          t.split(along: 0, sizes: [rows.lowerBound, rows.count, t.rows - rows.upperBound]))
            return replica.step(pieces.0[1], pieces.1[1])
        }.reduce(0) { $0 + $1.weight * $1.result }
    }

    @Test func shardsCoverTheBatchInNearEqualRanges() {
        let parallel = DataParallel(Net(seed: 1), threads: Self.two)
        #expect(parallel.replicas.count == 2)
        #expect(parallel.shards(rows: 31) == [0..<31], "fewer than two shards of 16 rows: one shard")
        #expect(parallel.shards(rows: 37) == [0..<18, 18..<37])
        #expect(parallel.shards(rows: 128) == [0..<64, 64..<128])
        #expect(DataParallel(Net(seed: 1), threads: .single).shards(rows: 128) == [0..<128])
    }

    @Test(arguments: [40, 37])
    func gradientIsTheBatchMeansAddedToTheStore(rows: Int) {
        var rng = RandomGenerator(seed: 5)
        let x = rng.normalTensor(shape: [rows, 12]), t = rng.normalTensor(shape: [rows, 3])
        let single = Net(seed: 1)
        let before = rng.normalTensor(shape: [single.store.count]).scalars
        single.store.gradients = before
        let singleLoss = single.step(x, t)

        let model = Net(seed: 1)
        model.store.gradients = before
        let parallel = DataParallel(model, threads: Self.two)
        let loss = Self.parallelStep(parallel, x, t)
        #expect(abs(loss - singleLoss) <= 1e-5 * singleLoss, "loss \(loss) vs \(singleLoss)")
        let count = single.store.count
        expectMatchesReference(
            Tensor(shape: [count], scalars: model.store.gradients), Tensor(shape: [count], scalars: single.store.gradients),
            depth: Self.depth, "gradients")
        #expect(zip(model.store.gradients, before).contains { $0 != $1 }, "the step added a gradient")

        let again = Net(seed: 1)
        again.store.gradients = before
        _ = Self.parallelStep(DataParallel(again, threads: Self.two), x, t)
        #expect(again.store.gradients.map(\.bitPattern) == model.store.gradients.map(\.bitPattern), "same count, different bits")
        model.store.gradients = before
        _ = Self.parallelStep(parallel, x, t)
        #expect(again.store.gradients.map(\.bitPattern) == model.store.gradients.map(\.bitPattern), "a reused replica started from zero")
    }

    @Test func frozenParametersKeepTheirGradientsAndReplicasFollowTheFrozenSet() {
        var rng = RandomGenerator(seed: 6)
        let x = rng.normalTensor(shape: [40, 12]), t = rng.normalTensor(shape: [40, 3])
        let model = Net(seed: 1)
        let parallel = DataParallel(model, threads: Self.two)
        let first = model.mlp.layers[0].parameters()
        model.store.setFrozen(true, first)
        _ = Self.parallelStep(parallel, x, t)
        #expect(first.allSatisfy { entry in model.store.gradients[entry.range].allSatisfy { $0 == 0 } }, "frozen: untouched")
        #expect(model.store.gradients.contains { $0 != 0 }, "the other parameters have gradients")
        #expect(parallel.replicas.allSatisfy { replica in first.allSatisfy(replica.store.isFrozen) })

        model.store.setFrozen(false, first)
        model.store.zeroGradients()
        _ = Self.parallelStep(parallel, x, t)
        #expect(first.allSatisfy { entry in model.store.gradients[entry.range].contains { $0 != 0 } }, "unfrozen: trained again")
    }

    /// A module with a batch norm, whose statistics shards would take apart.
    final class NormNet: Module, Replicable {
        let store = ParameterStore()
        let net: Sequential
        init() {
            var rng = RandomGenerator(seed: 1)
            net = Sequential([
                Linear(inputSize: 4, outputSize: 3, scope: store.scope("net").child(0), rng: &rng),
                BatchNorm(channels: 3, spatialAxes: 1, scope: store.scope("net").child(1)),
            ])
        }
        var children: [(name: String, module: any Module)] { [("net", net)] }
        func replica() -> Self { Self() }
    }

    @Test func aModelWithBatchNormIsRefused() async {
        await #expect(processExitsWith: .failure) {
            _ = DataParallel(NormNet(), threads: try! ComputeThreads(count: 2))
        }
    }

    @Test func replicasReadTheCurrentValuesAndReleaseTheBuffer() {
        var rng = RandomGenerator(seed: 7)
        let x = rng.normalTensor(shape: [40, 12]), t = rng.normalTensor(shape: [40, 3])
        let model = Net(seed: 1), reference = Net(seed: 1)
        let parallel = DataParallel(model, threads: Self.two)
        _ = Self.parallelStep(parallel, x, t)
        // An update in place, as an optimizer's: the replicas must see it next step.
        let address = model.store.values.withUnsafeBufferPointer { $0.baseAddress }
        let shift = rng.normalTensor(shape: [model.store.count], std: 0.1).scalars
        for i in 0..<model.store.count {
            model.store.values[i] += shift[i]
            reference.store.values[i] += shift[i]
        }
        #expect(model.store.values.withUnsafeBufferPointer { $0.baseAddress } == address, "no replica kept the values' buffer")
        model.store.zeroGradients()
        let loss = Self.parallelStep(parallel, x, t)
        let referenceLoss = reference.step(x, t)
        #expect(abs(loss - referenceLoss) <= 1e-5 * referenceLoss, "loss \(loss) vs \(referenceLoss) at the updated values")
        let count = model.store.count
        expectMatchesReference(
            Tensor(shape: [count], scalars: model.store.gradients), Tensor(shape: [count], scalars: reference.store.gradients),
            depth: Self.depth, "gradients at the updated values")
    }
}
