import TSNN
import TSTensor
import TSTraining

extension ForecastNetwork {
    /// The generators of the network's dropout layers (`randomModules`), in tree order.
    var dropoutGenerators: [RandomGenerator] {
        get { randomModules.map(\.generator) }
        set {
            let modules = randomModules
            precondition(newValue.count == modules.count, "ForecastNetwork: \(newValue.count) generators for \(modules.count) random modules")
            for (module, generator) in zip(modules, newValue) { module.generator = generator }
        }
    }
}

extension SupervisedTask {
    /// The network's dropout generators.
    public var randomGenerators: [RandomGenerator] {
        get { network.dropoutGenerators }
        set { network.dropoutGenerators = newValue }
    }
}

extension SimulationTask {
    /// The network's dropout generators.
    public var randomGenerators: [RandomGenerator] {
        get { network.dropoutGenerators }
        set { network.dropoutGenerators = newValue }
    }
}
