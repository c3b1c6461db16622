import TSTensor

/// A module that draws random numbers in training forwards (dropout masks): its generator
/// belongs to the state of a training run, so a checkpoint saves it and a resumed run
/// draws the masks the uninterrupted run would.
public protocol RandomModule: Module {
    /// The generator the module draws from.
    var generator: RandomGenerator { get set }
}

extension Dropout: RandomModule {
    /// `rng`.
    public var generator: RandomGenerator {
        get { rng }
        set { rng = newValue }
    }
}

extension Module {
    /// Every `RandomModule` of the tree rooted here, depth first in `children` order (this
    /// module first).
    public var randomModules: [any RandomModule] {
        ((self as? any RandomModule).map { [$0] } ?? []) + children.flatMap { $0.module.randomModules }
    }

    /// The generators of `randomModules`, in that order; setting gives each module its
    /// generator back (one per module).
    public var randomGenerators: [RandomGenerator] {
        get { randomModules.map(\.generator) }
        set {
            let modules = randomModules
            precondition(newValue.count == modules.count, "Module.randomGenerators: \(newValue.count) generators for \(modules.count) random modules")
            for (module, generator) in zip(modules, newValue) { module.generator = generator }
        }
    }
}
