import Testing
import TestSupport
import TSNN
import TSTensor

/// `RMSProp` against `torch.optim.RMSprop` (`Fixtures/rmsprop.json`, written by
/// `python3 Utilities/Reference/generative_fixtures.py`): three steps from the same
/// Float32 start and gradients, plain, with momentum and weight decay, centered, and all
/// at once. Each step is a few element-wise roundings per value (square, average, square
/// root, divide, momentum, update): three steps are within a depth of 32 (bound 45 u),
/// whereas a wrong formula (ε inside the root, α and 1−α swapped) errs by 10⁴ u or more.
@Suite struct RMSPropParityTests {
    static func optimizer(_ name: String) -> RMSProp {
        switch name {
        case "plain": RMSProp(learningRate: 1e-2)
        case "momentum": RMSProp(learningRate: 1e-2, alpha: 0.9, weightDecay: 0.1, momentum: 0.8)
        case "centered": RMSProp(learningRate: 5e-3, epsilon: 1e-6, centered: true)
        default: RMSProp(learningRate: 1e-2, alpha: 0.95, weightDecay: 0.05, momentum: 0.5, centered: true)
        }
    }

    @Test(arguments: ["plain", "momentum", "centered", "all"])
    func threeStepsMatchPyTorch(name: String) throws {
        let optimizer = Self.optimizer(name)
        let f = try loadFixture("rmsprop")
        let store = ParameterStore()
        let theta = store.add("theta", value: f["initial"])
        for step in 0..<3 {
            store.gradients = f["gradient.\(step)"].scalars
            optimizer.step(store)
            expectMatchesReference(store.value(theta), f["\(name).\(step)"], depth: 32, "\(name) step \(step)")
        }
    }
}
