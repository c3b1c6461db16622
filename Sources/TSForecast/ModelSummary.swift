
/// A torchsummary-style description of a model (seed 001): one row per layer with its
/// output shape and parameter count, the totals, and the training metadata.
public struct ModelSummary: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var layer: String
        /// Output shape with `-1` for the batch (and `T` for time steps).
        public var outputShape: String
        public var parameters: Int
    }
    public var rows: [Row]
    public var totalParameters: Int
    public var parameterBytes: Int
    public var fileBytes: Int?
    /// The model file's verified tensor-data checksum; `nil` when it has none (written
    /// before checksums were stored), so its tensors could not be verified.
    public var checksum: String?
    public var columns: ColumnInfo
    public var setup: ForecastSetup
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
        lines.append("lags: \(setup.lags)  input lags: \(setup.inputLags)  input delay: \(setup.inputDelay)  horizon: \(setup.horizon)  loss: \(setup.loss.rawValue)")
        lines.append("scale: \(setup.scale)  log: \(setup.log)  diff: \(setup.difference)  season: \(setup.season.map(String.init) ?? "-")  seed: \(setup.training.seed)")
        if let training {
            lines.append("trained: \(training.epochsRun) epochs (best \(training.bestEpoch)), \(String(cFormat: "%.1f", training.trainSeconds)) s")
            lines.append(String(cFormat: "test RMSE %.4g (persistence %.4g), ", training.test.rmse, training.baselines.persistence.rmse) + training.test.mode)
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
    /// The layer table of this model; `fileSize` is the model file's size when known.
    public func summary(fileSize: Int?) -> ModelSummary {
        let spec = metadata.network
        let store = network.store
        func count(_ prefix: String) -> Int {
            store.entries.filter { $0.name.hasPrefix(prefix) }.reduce(0) { $0 + $1.count }
        }
        var rows: [ModelSummary.Row] = []
        if spec.kind.isRecurrent {
            let name = spec.kind.rawValue.uppercased()
            rows.append(.init(layer: "\(name)-1 (\(spec.numLayers) layer\(spec.numLayers > 1 ? "s" : ""))", outputShape: "[T, -1, \(spec.hiddenSize)]", parameters: count("\(spec.kind.rawValue).")))
            rows.append(.init(layer: "Linear-2 (head)", outputShape: "[T, -1, \(spec.outputSize)]", parameters: count("head.")))
        } else {
            var index = 0
            for layer in 0..<spec.numLayers {
                rows.append(.init(layer: "Linear-\(index + 1)", outputShape: "[-1, \(spec.hiddenSize)]", parameters: count("net.\(2 * layer).")))
                rows.append(.init(layer: "Tanh-\(index + 2)", outputShape: "[-1, \(spec.hiddenSize)]", parameters: 0))
                index += 2
            }
            rows.append(.init(layer: "Linear-\(index + 1)", outputShape: "[-1, \(spec.outputSize)]", parameters: count("net.\(2 * spec.numLayers).")))
        }
        if spec.loss == .gaussian {
            rows.append(.init(layer: "GaussianNoise (log σ²)", outputShape: "[\(spec.outputSize)]", parameters: count("noise.")))
        }
        return ModelSummary(
            rows: rows, totalParameters: store.count, parameterBytes: store.count * 4, fileBytes: fileSize, checksum: checksum, columns: metadata.columns,
            setup: metadata.setup, training: metadata.training)
    }
}
