import TSData
import TSTraining

/// Builds the `TrainingTask` a setup asks for from model-space data.
///
/// - recurrent: `SequenceWindows` over the train part — `lags`-step windows (stride 1)
///   with the loss on the last step, or `subsequence = L` sub-sequences (stride L) with the
///   first `washout = W` steps left out of the loss; validation on the validation part.
///   With `stateful`, a `StatefulTask` on `StatefulLanes` of `L`-step chunks instead.
/// - recurrent encoder-decoder: `EncoderDecoderWindows` (`lags`-step windows, stride 1).
/// - feed-forward, one-step objective: `NARXWindows` (teacher forcing).
/// - feed-forward, simulation objective: `SimulationTask` over L-step sub-sequences
///   (`L = subsequence`, default `lags`), stride 1.
enum TaskFactory {
    static func make(network: ForecastNetwork, layout: InputLayout, setup: ForecastSetup, data: Dataset, split: DataSplit) throws -> TrainingTask {
        let hasValidation = setup.validationFraction > 0
        switch layout {
        case .sequence(let predictionSpec, _) where setup.stateful:
            let spec = SequenceSpec(
                length: setup.subsequence!, washout: setup.washout, inputDelays: predictionSpec.inputDelays, seasonal: predictionSpec.seasonal)
            let lanes = try StatefulLanes(
                data, spec: spec, rows: split.rows(.train), batchSize: setup.training.batchSize, context: "the train part (stateful)")
            var validationSpec = spec
            validationSpec.length = max(spec.length!, StatefulTask.inferenceChunk)
            let validation = hasValidation
                ? try StatefulLanes(
                    data, spec: validationSpec, runRows: zip(split.rows(.train), split.rows(.validation)).map { $0.lowerBound..<$1.upperBound },
                    lossRows: split.rows(.validation), context: "the validation part (stateful)")
                : nil
            return StatefulTask(network: network, lanes: lanes, validation: validation, threads: setup.training.threads)
        case .sequence(let predictionSpec, _):
            let spec = setup.subsequence.map {
                SequenceSpec(
                    length: $0, stride: $0, washout: setup.washout, inputDelays: predictionSpec.inputDelays, seasonal: predictionSpec.seasonal,
                    horizon: predictionSpec.horizon)
            } ?? predictionSpec
            let train = try SequenceWindows(data, spec: spec, split: split, part: .train)
            let validation = hasValidation ? try SequenceWindows(data, spec: predictionSpec, split: split, part: .validation) : nil
            // Validation batches no larger than the training batch or the evaluation's 256
            // rows, so the recurrent workspaces sized by training are not grown (twice their
            // size at batch 256 with 512-window validation batches).
            return SupervisedTask(
                network: network, train: train, validation: validation, validationBatchSize: max(setup.training.batchSize, 256),
                threads: setup.training.threads)
        case .encoderDecoder(let spec, _):
            let train = try EncoderDecoderWindows(data, spec: spec, split: split, part: .train)
            let validation = hasValidation ? try EncoderDecoderWindows(data, spec: spec, split: split, part: .validation) : nil
            return SupervisedTask(
                network: network, train: train, validation: validation, validationBatchSize: max(setup.training.batchSize, 256),
                threads: setup.training.threads)
        case .regressor(let spec) where setup.objective == .oneStep:
            let train = try NARXWindows(data, spec: spec, split: split, part: .train)
            let validation = hasValidation ? try NARXWindows(data, spec: spec, split: split, part: .validation) : nil
            return SupervisedTask(network: network, train: train, validation: validation, threads: setup.training.threads)
        case .regressor(let spec):
            let length = setup.subsequence ?? setup.lags
            let recording = data.recordings[0]
            func starts(_ part: DataPart) throws -> [Int] {
                let rows = split.rows(part, recording: 0)
                let found = recording.segments.flatMap { segment in
                    Array(TSForecast.rows(from: max(segment.lowerBound + spec.history, rows.lowerBound), to: min(segment.upperBound, rows.upperBound) - length + 1))
                }
                guard !found.isEmpty else {
                    throw DataError(
                        .tooFewRows(needed: spec.history + length, available: rows.count, context: "\(length)-step simulation sub-sequences in the \(part.rawValue) part"),
                        at: DataLocation(file: recording.file))
                }
                return found
            }
            return SimulationTask(
                network: network, recording: recording, spec: spec, length: length, washout: setup.washout,
                starts: try starts(.train), validationStarts: hasValidation ? try starts(.validation) : [],
                threads: setup.training.threads)
        }
    }
}
