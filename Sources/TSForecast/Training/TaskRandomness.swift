import TSNN
import TSTensor
import TSTraining

extension SupervisedTask {
    /// The network's dropout generators (`Module.randomGenerators`).
    public var randomGenerators: [RandomGenerator] {
        get { network.randomGenerators }
        set { network.randomGenerators = newValue }
    }
}

extension SimulationTask {
    /// The network's dropout generators (`Module.randomGenerators`).
    public var randomGenerators: [RandomGenerator] {
        get { network.randomGenerators }
        set { network.randomGenerators = newValue }
    }
}

extension StatefulTask {
    /// The network's dropout generators (`Module.randomGenerators`).
    public var randomGenerators: [RandomGenerator] {
        get { network.randomGenerators }
        set { network.randomGenerators = newValue }
    }
}
