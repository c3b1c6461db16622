import Foundation
import Testing
import TSTensor
import TSTraining

/// `TrainingConfig.threads` round-trips as a plain integer, defaults to the online cores
/// when a configuration (or a model file) written before it has no `threads` key, and a
/// count below 1 is refused.
@Suite struct TrainingConfigThreadsTests {
    @Test func roundTripsAndDefaults() throws {
        var config = TrainingConfig()
        config.threads = try ComputeThreads(count: 3)
        let data = try JSONEncoder().encode(config)
        #expect(String(decoding: data, as: UTF8.self).contains("\"threads\":3"))
        #expect(try JSONDecoder().decode(TrainingConfig.self, from: data) == config)
        let old = Data(#"{"epochs": 7, "seed": 2}"#.utf8)
        let decoded = try JSONDecoder().decode(TrainingConfig.self, from: old)
        #expect(decoded.epochs == 7 && decoded.threads == ComputeThreads())
    }

    @Test func refusesCountsBelowOne() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"threads": 0}"#.utf8)) }
    }
}
