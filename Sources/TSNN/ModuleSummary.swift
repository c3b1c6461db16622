/// One row of a torchsummary-style table, produced by walking a module tree.
public struct SummaryRow: Sendable, Equatable {
    /// The module's dotted path in the tree (`net.0`, `head`).
    public var path: String
    /// The module's `summaryName` (`Linear`).
    public var type: String
    /// The module's `summaryDetail`, else the last path component when it is not an index.
    public var detail: String?
    /// Whether the module is a `Layer` (numbered rows) rather than a parameter holder.
    public var isLayer: Bool
    /// The output shape (a layer) or the parameter shape (any other module); may hold the
    /// symbolic sizes `ModuleSummary.batch` and `.time`.
    public var shape: [Int]
    /// Scalar parameters the module registered itself.
    public var parameters: Int

    /// The row label: `Type-i (detail)` for the `i`-th layer row, `Type (detail)` otherwise.
    public func label(index: Int) -> String {
        (isLayer ? "\(type)-\(index)" : type) + (detail.map { " (\($0))" } ?? "")
    }

    /// The shape as text, symbolic sizes by name: `[T, -1, 8]`.
    public var shapeText: String {
        "[" + shape.map { $0 == ModuleSummary.time ? "T" : String($0) }.joined(separator: ", ") + "]"
    }
}

/// Summary rows computed by walking a module tree (torchsummary's table without running
/// the model): a leaf module gives one row; a module with children gives its children's
/// rows, the `Layer` children chained in order (each one's output shape is the next one's
/// input), other children (a learned noise variance) as parameter rows. A module whose
/// children are not a chain (a VAE) overrides `Module.summaryRows`.
public enum ModuleSummary {
    /// The symbolic batch size in a summary shape, printed `-1` (torchsummary's convention).
    public static let batch = -1
    /// The symbolic sequence length in a summary shape, printed `T`.
    public static let time = -2

    /// The rows of `module` for an input of shape `input` (symbolic sizes allowed, e.g.
    /// `[ModuleSummary.time, ModuleSummary.batch, 3]`).
    public static func rows(of module: any Module, input: [Int]) -> [SummaryRow] {
        var rows: [SummaryRow] = []
        _ = module.summaryRows(input: input, path: "", into: &rows)
        return rows
    }

    /// The default walk behind `Module.summaryRows` (see the type's documentation).
    public static func defaultRows(of module: any Module, input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]? {
        let layer = module as? any Layer
        if module.children.isEmpty {
            let output = layer.flatMap { layer in input.map { layer.outputShape(for: $0) } }
            let last = path.split(separator: ".").last.map(String.init)
            rows.append(SummaryRow(
                path: path, type: module.summaryName,
                detail: module.summaryDetail ?? last.flatMap { Int($0) == nil ? $0 : nil },
                isLayer: layer != nil, shape: output ?? module.ownParameters.first?.shape ?? [],
                parameters: module.ownParameters.reduce(0) { $0 + $1.count }))
            return output ?? input
        }
        var shape = input
        for child in module.children {
            let childPath = path.isEmpty ? child.name : "\(path).\(child.name)"
            let isLayer = child.module is any Layer
            let output = child.module.summaryRows(input: isLayer ? shape : nil, path: childPath, into: &rows)
            if isLayer { shape = output }
        }
        return shape
    }
}
