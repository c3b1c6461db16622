import TSTensor
import TSTraining

extension ReconstructionTask {
    /// `rng` (corruption noise, the VAE's samples), so a checkpoint of its training keeps it.
    public var randomGenerators: [RandomGenerator] {
        get { [rng] }
        set {
            precondition(newValue.count == 1, "ReconstructionTask: expected 1 generator, got \(newValue.count)")
            rng = newValue[0]
        }
    }
}
