import TSNN
import TSTensor
import TSTraining

extension ClassificationTask {
    /// The classifier's dropout generators (`Module.randomGenerators`), so a checkpoint of
    /// its training keeps them.
    public var randomGenerators: [RandomGenerator] {
        get { classifier.network.randomGenerators }
        set { classifier.network.randomGenerators = newValue }
    }
}
