import TSNN
import TSTensor

extension RecurrentLayer: RandomModule {
    /// The network's `dropoutGenerator` (the masks between stacked layers).
    public var generator: RandomGenerator {
        get { network.dropoutGenerator }
        set { network.dropoutGenerator = newValue }
    }
}
