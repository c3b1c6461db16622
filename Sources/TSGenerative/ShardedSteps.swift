import TSNN
import TSTensor

/// The generative models' training passes split by samples (`DataParallel`): every shard
/// runs the model's own pass on its rows, on one thread, and the shards' gradients and
/// losses are combined with weights `nᵢ/B`. The noise is drawn for the whole batch by the
/// caller and cut like the data, so a step uses the same random numbers at every thread
/// count; only the rounding of the sums differs.

extension DataParallel {
    /// `accumulate(rows:_:)` of a pass that returns its shard's mean loss; returns the
    /// batch's, `Σᵢ (nᵢ/B)·Lᵢ`.
    fileprivate func meanLoss(rows: Int, _ body: (Model, Range<Int>) -> Double) -> Double {
        accumulate(rows: rows, body).reduce(0) { $0 + $1.weight * $1.result }
    }
}

extension DataParallel where Model: ReconstructingAutoencoder {
    /// `ReconstructingAutoencoder.trainStep(input:target:)` on `input` and `target [B, D]`:
    /// accumulates `∂L/∂θ` into the model's store and returns `L`, the batch mean.
    public func trainStep(input: Tensor, target: Tensor) -> Double {
        meanLoss(rows: input.rows) { replica, rows in
            replica.trainStep(input: input.gatheringRows(Array(rows)), target: target.gatheringRows(Array(rows)))
        }
    }
}

extension DataParallel where Model == VariationalAutoencoder {
    /// `VariationalAutoencoder.evaluate(_:condition:noise:backward: true)` on `x [B, D]`,
    /// `condition [B, C]` and `noise [B, Z]`: accumulates `∂loss/∂θ` into the model's store
    /// and returns the batch's ELBO parts (means over the rows).
    public func trainStep(_ x: Tensor, condition: Tensor?, noise: Tensor) -> ELBOParts {
        let beta = model.beta
        let parts = accumulate(rows: x.rows) { replica, rows in
            replica.beta = beta
            let indices = Array(rows)
            return replica.evaluate(
                x.gatheringRows(indices), condition: condition?.gatheringRows(indices), noise: noise.gatheringRows(indices), backward: true)
        }
        return parts.reduce(ELBOParts(reconstruction: 0, kl: 0, beta: beta)) { sum, part in
            ELBOParts(
                reconstruction: sum.reconstruction + part.weight * part.result.reconstruction, kl: sum.kl + part.weight * part.result.kl,
                beta: beta)
        }
    }
}

extension DataParallel where Model == GenerativeAdversarialNetwork {
    /// `GenerativeAdversarialNetwork.discriminatorGradients(real:noise:)` on `real [B, D]`
    /// and `noise [B, N]`; returns the batch's discriminator loss.
    public func discriminatorGradients(real: Tensor, noise: Tensor) -> Double {
        meanLoss(rows: real.rows) { replica, rows in
            let indices = Array(rows)
            return replica.discriminatorGradients(real: real.gatheringRows(indices), noise: noise.gatheringRows(indices))
        }
    }

    /// `GenerativeAdversarialNetwork.generatorGradients(noise:)` on `noise [B, N]`; returns
    /// the batch's generator loss.
    public func generatorGradients(noise: Tensor) -> Double {
        meanLoss(rows: noise.rows) { replica, rows in
            replica.generatorGradients(noise: noise.gatheringRows(Array(rows)))
        }
    }
}
