import TSNN
import TSSupport
/// A torchsummary-style description of a model: one row per layer with its
/// output shape and parameter count, the totals, and the training metadata.
public struct ModelSummary: Codable, Sendable {
    /// One layer's line of the table.
    public struct Row: Codable, Sendable, Equatable {
        /// The layer's name and type (`Linear-1`).
        public var layer: String
        /// Output shape with `-1` for the batch (and `T` for time steps).
        public var outputShape: String
        /// Scalar parameters of the layer.
        public var parameters: Int
    }
    /// One row per layer, in forward order (of one member, for an ensemble).
    public var rows: [Row]
    /// Scalar parameters of the model (of all members, for an ensemble).
    public var totalParameters: Int
    /// Bytes of the parameters (Float32).
    public var parameterBytes: Int
    /// The model file's size in bytes, when summarising a file.
    public var fileBytes: Int?
    /// The model file's verified tensor-data checksum; `nil` when it has none (written
    /// before checksums were stored), so its tensors could not be verified.
    public var checksum: String?
    /// The columns the model was trained on.
    public var columns: ColumnInfo
    /// The setup the model was trained with.
    public var setup: ForecastSetup
    /// The training report, when the file keeps one.
    public var training: TrainingReport?

    /// The summary as an aligned text table followed by the metadata.
    public func table() -> String {
        let rule = String(repeating: "-", count: 64)
        var lines = [rule, pad("Layer (type)", 28) + pad("Output Shape", 22) + "Param #", rule]
        for row in rows {
            lines.append(pad(row.layer, 28) + pad(row.outputShape, 22) + Self.grouped(row.parameters))
        }
        lines += [
            String(repeating: "=", count: 64),
            "Total params: \(Self.grouped(totalParameters))",
            String(cFormat: "Params size (MB): %.3f", Double(parameterBytes) / 1_048_576),
        ]
        if let fileBytes { lines.append("File size (bytes): \(Self.grouped(fileBytes))") }
        lines.append("Checksum: " + (checksum.map { "\($0) (tensor data verified)" } ?? "none (file written before checksums; tensor data not verified)"))
        lines.append(rule)
        lines.append("target: \(columns.target)  inputs: \(columns.inputs.isEmpty ? "-" : columns.inputs.joined(separator: ", "))  time: \(columns.time ?? "-")")
        lines.append("lags: \(setup.lags)  input lags: \(setup.inputLags)  input delay: \(setup.inputDelay)  horizon: \(setup.horizon)"
            + (setup.decoder == .seq2seq ? " (seq2seq decoder)" : "") + "  loss: \(setup.loss.rawValue)"
            + (setup.quantileLevels.map { " (levels \($0.map { "\($0)" }.joined(separator: ", ")))" } ?? ""))
        if !setup.seasonalLags.isEmpty || setup.calendar != .none {
            let lags = setup.seasonalLags.isEmpty ? "-" : setup.seasonalOffsets.map(String.init).joined(separator: ", ")
            lines.append("seasonal lags: \(lags)  calendar: \(setup.calendar.description)")
        }
        if setup.model == .cnn, setup.kernelSize >= 2 {
            let blocks = ConvolutionalForecaster.blockCount(steps: setup.lags, kernelSize: setup.kernelSize)
            lines.append(
                "kernel: \(setup.kernelSize)  blocks: \(blocks) (dilations 1…\(1 << (blocks - 1)))  receptive field: \(ConvolutionalForecaster.receptiveField(blocks: blocks, kernelSize: setup.kernelSize)) rows")
        }
        if let length = setup.subsequence, setup.model.isRecurrent {
            lines.append(
                "sub-sequences: \(length) steps  washout: \(setup.washout)  "
                    + (setup.stateful ? "stateful (state carried across chunks; forecasts warm up over the whole history)" : "zero initial state"))
        }
        lines.append("scale: \(setup.scale.rawValue)  log: \(setup.log)  diff: \(setup.difference)  season: \(setup.season.map(String.init) ?? "-")  seed: \(setup.training.seed)")
        if setup.ensemble > 1 {
            lines.append("ensemble: \(setup.ensemble) members, combine \(setup.ensembleCombine.rawValue), member i trained with seed \(setup.training.seed) + i")
            for (i, member) in (training?.members ?? []).enumerated() {
                let loss = member.bestValidationLoss.map { String(cFormat: "%.5g", $0) } ?? "-"
                lines.append("  member \(i): seed \(member.seed)  epochs \(member.epochsRun) (best \(member.bestEpoch))  best val loss \(loss)")
            }
        }
        if let training {
            lines.append("trained: \(training.epochsRun) epochs (best \(training.bestEpoch)), \(String(cFormat: "%.1f", training.trainSeconds)) s")
            lines.append(String(cFormat: "test RMSE %.4g (persistence %.4g), ", training.test.rmse, training.baselines.persistence.rmse) + training.test.mode.rawValue)
            if let spread = training.memberTest {
                lines.append(String(cFormat: "members' test RMSE min %.4g median %.4g max %.4g", spread.rmse.min, spread.rmse.median, spread.rmse.max))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int) -> String { s.padded(to: max(width, s.count + 1)) }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

extension ForecastModel {
    /// The layer table of this model (`ForecastNetwork.summaryRows()`); `fileSize` is the
    /// model file's size when known.
    public func summary(fileSize: Int?) -> ModelSummary {
        let count = members.reduce(0) { $0 + $1.store.count }
        return ModelSummary(
            rows: network.summaryRows(), totalParameters: count, parameterBytes: count * 4, fileBytes: fileSize, checksum: checksum,
            columns: metadata.columns, setup: metadata.setup, training: metadata.training)
    }
}

extension ForecastNetwork {
    /// The summary rows, computed by walking the module tree (`ModuleSummary`) from the
    /// family's input (`[T, -1, F]` recurrent, `[-1, F]` feed-forward); layer rows are numbered
    /// `Type-1`, `Type-2`, … in order.
    func summaryRows() -> [ModelSummary.Row] {
        let input = spec.kind.architecture.summaryInput(for: spec)
        var layerIndex = 0
        return ModuleSummary.rows(of: self, input: input).map { row in
            if row.isLayer { layerIndex += 1 }
            return ModelSummary.Row(layer: row.label(index: layerIndex), outputShape: row.shapeText, parameters: row.parameters)
        }
    }
}
