extension KeyedDecodingContainer {
    /// Overwrites `value` with the decoded value of `key` when the key is present, so a
    /// type can keep its defaults for keys a document leaves out.
    package func update<T: Decodable>(_ value: inout T, forKey key: Key) throws {
        if let decoded = try decodeIfPresent(T.self, forKey: key) { value = decoded }
    }
}
