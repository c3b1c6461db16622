/// A node of a model's module tree: the parameters and buffers it registered itself and
/// its named children (mlx-swift's `Module.parameters()/children()`, PyTorch's
/// `nn.Module`).
///
/// Values live in one flat `ParameterStore`; a module only knows its `ParameterEntry`
/// views, registered under the `state_dict` names its `ParameterScope` composed
/// (`net.0.weight`). The tree gives what a flat store cannot: which entries belong to a
/// sub-model (`parameters()` of a child, to freeze it or save it alone) and a summary row
/// per layer (`summaryRows(input:)`).
public protocol Module: AnyObject {
    /// The parameters this module registered itself, not its children's.
    var ownParameters: [ParameterEntry] { get }
    /// Non-trainable state this module registered itself (BatchNorm's running statistics).
    var ownBuffers: [ParameterEntry] { get }
    /// The direct sub-modules with their names in the tree (`"0"`, `"head"`).
    var children: [(name: String, module: any Module)] { get }
    /// The type label of a summary row (`Linear`, `Tanh`, `LSTM`).
    var summaryName: String { get }
    /// An optional note shown after the row label (`2 layers`).
    var summaryDetail: String? { get }
    /// Appends the summary rows of this module (at `path` in the tree) for an input of
    /// shape `input` (`nil`: not fed by a chain) and returns its output shape. The default
    /// walks the tree (`ModuleSummary`); override it for children that are not a chain.
    func summaryRows(input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]?
}

extension Module {
    /// None by default (a module without parameters, or a container).
    public var ownParameters: [ParameterEntry] { [] }
    /// None by default.
    public var ownBuffers: [ParameterEntry] { [] }
    /// None by default (a leaf).
    public var children: [(name: String, module: any Module)] { [] }
    /// The type's name by default.
    public var summaryName: String { String(describing: type(of: self)) }
    /// No note by default.
    public var summaryDetail: String? { nil }

    /// The tree walk of `ModuleSummary.defaultRows`.
    public func summaryRows(input: [Int]?, path: String, into rows: inout [SummaryRow]) -> [Int]? {
        ModuleSummary.defaultRows(of: self, input: input, path: path, into: &rows)
    }

    /// Every parameter of the subtree, depth first (own entries before the children's).
    public func parameters() -> [ParameterEntry] {
        ownParameters + children.flatMap { $0.module.parameters() }
    }

    /// Every buffer of the subtree, depth first.
    public func buffers() -> [ParameterEntry] {
        ownBuffers + children.flatMap { $0.module.buffers() }
    }

    /// Number of scalar parameters in the subtree.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// The subtree's modules with their dotted paths (`""` for this one, `"net.0"` below).
    public func namedModules(prefix: String = "") -> [(path: String, module: any Module)] {
        [(prefix, self)] + children.flatMap { child in
            child.module.namedModules(prefix: prefix.isEmpty ? child.name : "\(prefix).\(child.name)")
        }
    }
}
