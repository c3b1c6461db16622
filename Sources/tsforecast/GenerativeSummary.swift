import TSForecast
import TSGenerative
import TSNN
import TSSafetensors
import TSSupport

/// `summary` of a generative model file (`anomalies --save-model`): one row per layer of
/// each network (encoder, decoder, prior; generator, discriminator) with its path, output
/// shape and parameter count, the total and the spec.
struct GenerativeSummary: Encodable {
    struct Row: Encodable {
        var layer: String
        var path: String
        var outputShape: String
        var parameters: Int
    }
    var rows: [Row]
    var totalParameters: Int
    var spec: GenerativeSpec

    /// The summary of `url` when it is a generative model file, `nil` for other model files.
    static func load(_ url: URL) throws -> GenerativeSummary? {
        guard try SafetensorsFile.read(from: url).metadata[GenerativeModel.metadataKey] != nil else { return nil }
        let (model, spec) = try GenerativeModel.load(from: url)
        var index = 0
        let rows = ModuleSummary.rows(of: model.module, input: [ModuleSummary.batch, spec.inputSize]).map { row in
            if row.isLayer { index += 1 }
            return Row(layer: row.label(index: index), path: row.path, outputShape: row.shapeText, parameters: row.parameters)
        }
        return GenerativeSummary(rows: rows, totalParameters: model.store.count, spec: spec)
    }

    /// The aligned text table.
    func table() -> String {
        let rule = String(repeating: "-", count: 72)
        var lines = [rule, "Layer (type)".padded(to: 26) + "Path".padded(to: 18) + "Output Shape".padded(to: 18) + "Param #", rule]
        for row in rows {
            lines.append(row.layer.padded(to: 26) + row.path.padded(to: 18) + row.outputShape.padded(to: 18) + String(row.parameters))
        }
        lines += [String(repeating: "=", count: 72), "Total params: \(totalParameters)", rule]
        lines.append(
            "\(spec.kind.rawValue): window \(spec.inputSize)  hidden \(spec.hidden.map(String.init).joined(separator: ","))  latent \(spec.latentSize)"
                + (spec.conditionSize > 0 ? "  covariates \(spec.conditionSize)" : "") + "  scaling (x − \(Output.number(spec.offset))) / \(Output.number(spec.scale))")
        return lines.joined(separator: "\n")
    }
}
