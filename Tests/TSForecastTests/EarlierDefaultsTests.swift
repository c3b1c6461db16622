import Testing
import TSForecast

/// Model files written before a default changed keep the setting they were trained with:
/// the committed `swift_lstm.safetensors` was written when the plateau schedule was on by
/// default (`plateauPatience` 5, factor 0.5), and loads with it although
/// `TrainingConfig()` now has the schedule off (docs/DEFAULTS.md).
@Suite struct EarlierDefaultsTests {
    @Test func modelFileKeepsItsPlateauSchedule() throws {
        let model = try ForecastModel.load(from: try InteropTests.fixture("swift_lstm.safetensors"))
        #expect(model.metadata.setup.training.plateauPatience == 5)
        #expect(model.metadata.setup.training.plateauFactor == 0.5)
        #expect(ForecastSetup().training.plateauPatience == 0)
    }
}
