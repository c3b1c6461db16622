import Testing
import TestSupport
import TSNN
import TSTensor

/// Learning-rate sequences of `StepLR` and `ReduceLROnPlateau` against PyTorch's
/// (`Fixtures/schedules.json`, made by `python3 Utilities/Reference/nn_fixtures.py`).
@Suite struct ScheduleTests {
    @Test func stepLRMatchesPyTorch() throws {
        let f = try loadFixture("schedules")
        let optimizer = SGD(learningRate: 1)
        var schedule = StepLR(stepSize: 3, gamma: 0.5)
        let rates = (0..<10).map { _ in
            schedule.step(optimizer: optimizer)
            return optimizer.learningRate
        }
        expectClose(Tensor(shape: [10], scalars: rates), f["steplr.lrs"], "StepLR rates")
    }

    @Test func reduceLROnPlateauMatchesPyTorch() throws {
        let f = try loadFixture("schedules")
        let optimizer = SGD(learningRate: 1)
        var schedule = ReduceLROnPlateau(factor: 0.5, patience: 2, threshold: 1e-4, cooldown: 1, minLearningRate: 0.05)
        let metrics = f["plateau.metrics"].scalars
        let rates = metrics.map { metric in
            schedule.step(metric: metric, optimizer: optimizer)
            return optimizer.learningRate
        }
        expectClose(Tensor(shape: [metrics.count], scalars: rates), f["plateau.lrs"], "ReduceLROnPlateau rates")
    }
}
