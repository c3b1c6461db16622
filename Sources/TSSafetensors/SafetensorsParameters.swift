import TSNN

/// Moving a model's `ParameterStore` (a PyTorch-style `state_dict`) in and out of a
/// safetensors file.
extension SafetensorsFile {
    /// A file holding every parameter and buffer of `store` under its `state_dict` name
    /// and shape.
    public init(parameters store: ParameterStore, metadata: [String: String] = [:]) {
        self.init(tensors: store.stateDict(), metadata: metadata)
    }

    /// Overwrites every parameter and buffer of `store` with the tensor of the same name,
    /// like PyTorch's `load_state_dict(strict=True)`. Nothing is written unless all of
    /// them are present with their shapes and the file holds no other tensors.
    ///
    /// - Throws: `ModelFileError.missingTensor`, `.shapeMismatch` or `.unexpectedTensors`,
    ///   naming `path`.
    public func load(into store: ParameterStore) throws {
        let values = try store.entries.map { try tensor($0.name, shape: $0.shape) }
        let buffers = try store.bufferEntries.map { try tensor($0.name, shape: $0.shape) }
        let unexpected = Set(tensors.keys).subtracting((store.entries + store.bufferEntries).map(\.name))
        guard unexpected.isEmpty else { throw ModelFileError.unexpectedTensors(path: path, names: unexpected.sorted()) }
        for (entry, value) in zip(store.entries, values) { store.setValue(entry, value) }
        for (entry, value) in zip(store.bufferEntries, buffers) { store.setBufferValue(entry, value) }
    }
}
