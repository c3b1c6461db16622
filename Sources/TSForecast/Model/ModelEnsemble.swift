import TSNN
import TSSafetensors
import TSTensor

/// The members of an ensemble model in its file, and one member as a model of its own.
///
/// File layout: a single network's tensors carry their `state_dict` names (`lstm.weight_ih_l0`,
/// loadable into the PyTorch module); an ensemble's carry member `i`'s names prefixed with
/// `members.<i>.` (`members.0.lstm.weight_ih_l0`, …, `members.<N−1>.head.bias`): one valid
/// safetensors file whose checksum covers every member, each member loadable into the
/// PyTorch module after stripping its prefix.
extension ForecastModel {
    /// The `state_dict` name prefix of member `i` in an ensemble's file.
    static func memberPrefix(_ i: Int) -> String { "members.\(i)." }

    /// Every tensor of the model under its file name: the network's own names for a single
    /// network, `members.<i>.`-prefixed names for an ensemble.
    func memberTensors() -> [String: Tensor] {
        guard members.count > 1 else { return network.store.stateDict() }
        var tensors: [String: Tensor] = [:]
        for (i, member) in members.enumerated() {
            for (name, tensor) in member.store.stateDict() { tensors[Self.memberPrefix(i) + name] = tensor }
        }
        return tensors
    }

    /// `count` networks of `spec` holding the weights in `file` (named as `memberTensors()`
    /// writes them), each loaded strictly (`SafetensorsFile.load(into:)`): every tensor
    /// present with its shape, none left over.
    static func loadMembers(_ file: SafetensorsFile, spec: NetworkSpec, count: Int) throws -> [ForecastNetwork] {
        guard count > 1 else {
            let network = ForecastNetwork(spec: spec, seed: 0)
            try file.load(into: network.store)
            return [network]
        }
        var claimed = 0
        let members = try (0..<count).map { i in
            let prefix = memberPrefix(i)
            var part = file
            part.tensors = [:]
            for (name, tensor) in file.tensors where name.hasPrefix(prefix) { part.tensors[String(name.dropFirst(prefix.count))] = tensor }
            claimed += part.tensors.count
            let network = ForecastNetwork(spec: spec, seed: 0)
            try part.load(into: network.store)
            return network
        }
        if claimed != file.tensors.count {
            let stray = file.tensors.keys.filter { name in !(0..<count).contains { name.hasPrefix(memberPrefix($0)) } }
            throw ModelFileError.unexpectedTensors(path: file.path, names: stray.sorted())
        }
        return members
    }

    /// The training seed of each member: `training.seed + i` for member `i`.
    public var memberSeeds: [UInt64] {
        members.indices.map { metadata.setup.training.seed &+ UInt64($0) }
    }

    /// Member `i` as a single-network model: the ensemble's metadata with `ensemble` 1 and
    /// the member's seed, no training report; it shares the member's network, `threads`
    /// and inference lock (`view(of:metadata:)`), so it forecasts exactly as that member
    /// does inside the ensemble and may be used beside it from other threads.
    public func ensembleMember(_ i: Int) -> ForecastModel {
        var single = metadata
        single.setup.ensemble = 1
        single.setup.training.seed = memberSeeds[i]
        single.version = 1
        single.training = nil
        return view(of: [members[i]], metadata: single)
    }
}
