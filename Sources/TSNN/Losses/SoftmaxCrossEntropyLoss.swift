import TSSupport
import TSTensor

/// Softmax cross-entropy over logits `z [B, C]` with integer class labels `c_b ∈ 0..<C`,
/// averaged over the batch (PyTorch's `F.cross_entropy(z, labels)`):
///
/// `L = (1/B) Σ_b (logΣ_j e^{z_bj} − z_{b c_b})`,  `∂L/∂z_bj = (softmax(z_b)_j − [j = c_b]) / B`.
///
/// The log-sum-exp subtracts the row maximum first, so large logits do not overflow.
public struct SoftmaxCrossEntropyLoss: Loss, Sendable {
    /// The softmax cross-entropy.
    public init() {}

    /// The mean loss of the logits `prediction` (`[B, C]`) for the class labels `target`,
    /// and `∂L/∂logits` (`[B, C]`).
    ///
    /// - Precondition: `target.count == B` and every label is in `0..<C`.
    public func evaluate(prediction logits: Tensor, target labels: [Int]) -> LossResult {
        precondition(logits.rank == 2, "SoftmaxCrossEntropyLoss: expected logits [B, C], got \(logits.shape)")
        let (batch, classes) = (logits.shape[0], logits.shape[1])
        precondition(labels.count == batch, "SoftmaxCrossEntropyLoss: \(labels.count) labels for logits \(logits.shape)")
        precondition(labels.allSatisfy { (0..<classes).contains($0) }, "SoftmaxCrossEntropyLoss: labels must be in 0..<\(classes), got \(labels)")
        var dLogits = Tensor(shape: logits.shape)
        var total = 0.0
        let invBatch = 1 / Double(batch)
        logits.withUnsafeBufferPointer { zb in
            dLogits.withUnsafeMutableBufferPointer { db in
                for b in 0..<batch {
                    let z = zb.baseAddress! + b * classes
                    let d = db.baseAddress! + b * classes
                    var rowMax = -Float.infinity
                    for j in 0..<classes { rowMax = max(rowMax, z[j]) }
                    var sumExp = 0.0
                    for j in 0..<classes { sumExp += exp(Double(z[j] - rowMax)) }
                    let logSumExp = Double(rowMax) + log(sumExp)
                    total += logSumExp - Double(z[labels[b]])
                    for j in 0..<classes {
                        let softmax = exp(Double(z[j]) - logSumExp)
                        d[j] = Float((softmax - (j == labels[b] ? 1 : 0)) * invBatch)
                    }
                }
            }
        }
        return LossResult(value: Float(total * invBatch), dPrediction: dLogits)
    }
}
