/// The terms of a (conditional) VAE's objective for one batch, per sample (averaged over
/// the batch):
///
/// - `reconstruction = E_q[−log p(x|z, c)]`, estimated with one `z` per sample;
/// - `kl = KL(q(z|x, c) ‖ p(z|c))` in closed form;
/// - `loss = reconstruction + β·kl`, what training minimises;
/// - `elbo = −(reconstruction + kl)`, the evidence lower bound (at `β = 1`, `−loss`).
public struct ELBOParts: Sendable, Equatable {
    /// `E_q[−log p(x|z, c)]`.
    public var reconstruction: Double
    /// `KL(q ‖ p)`.
    public var kl: Double
    /// `β`.
    public var beta: Double

    /// The parts of one batch.
    public init(reconstruction: Double, kl: Double, beta: Double) {
        self.reconstruction = reconstruction
        self.kl = kl
        self.beta = beta
    }

    /// `reconstruction + β·kl`.
    public var loss: Double { reconstruction + beta * kl }
    /// `−(reconstruction + kl)`.
    public var elbo: Double { -(reconstruction + kl) }
}
