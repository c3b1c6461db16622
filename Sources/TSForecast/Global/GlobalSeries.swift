import TSData

/// The series a global model was trained on: one network, one preprocessing per series.
///
/// Each series is put in model space with its own transform and scalers, fitted on its
/// own training part, so series of different levels and spreads share one network:
/// `ỹ_s(t) = scaler_s(transform(y_s)(t))`. The model's own `ModelMetadata.preprocessing`
/// repeats the first member's, so the metadata stays valid for readers that know one
/// series; forecasts and evaluations of a global model go through `member(named:file:)`.
public struct GlobalSeries: Codable, Sendable, Equatable {
    /// One trained series: its name (the file stem) and its fitted preprocessing.
    public struct Member: Codable, Sendable, Equatable {
        /// The series name (its file stem).
        public var name: String
        /// The transforms and scaling fitted on its training part.
        public var preprocessing: Preprocessor
    }

    /// A series left out of training because it is too short, with the reason.
    public struct Skipped: Codable, Sendable, Equatable {
        /// The series name (its file stem).
        public var name: String
        /// Why it was left out.
        public var reason: String
    }

    /// The trained series, in the order given.
    public var members: [Member]
    /// The series left out.
    public var skipped: [Skipped]

    /// The member called `name`, if any.
    public func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }
}

extension ForecastModel {
    /// The model of series `name` of a global model: the same network, or of a global
    /// ensemble every member network (shared, not copied, their passes under this model's
    /// lock, with this model's `threads`; forecasts combine the members as the ensemble's
    /// do), with that series' preprocessing, so series views of one global model may be
    /// used from several threads at once.
    ///
    /// - Throws: `DataError.invalidSetting` when this is not a global model or it was
    ///   not trained on a series called `name` (the message names `file`).
    public func member(named name: String, file: String) throws -> ForecastModel {
        guard let global = metadata.global else {
            throw DataError(.invalidSetting("the model was trained on one series, not with --global"), at: DataLocation(file: file))
        }
        guard let member = global.member(named: name) else {
            throw DataError(
                .invalidSetting("the global model has no series '\(name)' (it was trained on \(global.members.count) series, e.g. '\(global.members[0].name)')"),
                at: DataLocation(file: file))
        }
        var metadata = metadata
        metadata.preprocessing = member.preprocessing
        metadata.global = nil
        metadata.training = nil
        return view(of: members, metadata: metadata)
    }
}
