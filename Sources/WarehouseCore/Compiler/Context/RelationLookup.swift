import SQLTemplate

/// Where `ref()` and `source()` point: the relation of every enabled seed, model and source, by name.
struct RelationLookup: Sendable {
    struct Target: Sendable {
        var id: NodeID
        var relation: Relation
        /// Set for ephemeral models, which are injected as CTEs instead of being read from the database.
        var cteName: String?
        /// The node's `event_time` config: the column a microbatch model's batches filter it on.
        var eventTime: String?
    }

    /// Models and seeds by name; a name several packages use maps to the root project's node.
    var byName: [String: Target] = [:]
    /// Models and seeds by package, then name: `ref('package', 'name')`.
    var byPackage: [String: [String: Target]] = [:]
    var rootPackage = ""
    var bySource: [SourceKey: Target] = [:]
    /// Names of disabled models and seeds, so a ref to one says so instead of "unknown".
    var disabledNames: Set<String> = []

    struct SourceKey: Hashable, Sendable {
        var source: String
        var table: String
    }

    /// `ref(name)` or `ref(package, name)`; without a package, dbt's order: the root project, the calling node's
    /// package (`from`), then any package.
    func ref(_ name: String, package: String?, from caller: String? = nil, at location: SourceLocation)
        -> Result<Target, Diagnostic>
    {
        if let package {
            if let target = byPackage[package]?[name] { return .success(target) }
            if byPackage[package] == nil, let target = byName[name], package == rootPackage || rootPackage.isEmpty {
                return .success(target)
            }
        } else {
            if let caller, caller != rootPackage, byPackage[rootPackage]?[name] == nil,
                let target = byPackage[caller]?[name]
            {
                return .success(target)
            }
            if let target = byName[name] { return .success(target) }
        }
        if disabledNames.contains(name) {
            return .failure(
                Diagnostic(
                    location: location, message: "ref('\(name)') points at a disabled node",
                    help: "enable '\(name)' (enabled: true) or remove this ref"))
        }
        let help = ClosestName.help(for: name, among: byName.keys)
        return .failure(
            Diagnostic(
                location: location, message: "unknown model or seed '\(name)' in ref()",
                help: help ?? "add models/\(name).sql or fix the name"))
    }

    func source(_ source: String, _ table: String, at location: SourceLocation) -> Result<Target, Diagnostic> {
        if let target = bySource[SourceKey(source: source, table: table)] { return .success(target) }
        let knownTables = bySource.keys.filter { $0.source == source }.map(\.table)
        if knownTables.isEmpty {
            let sources = Set(bySource.keys.map(\.source))
            let help = ClosestName.suggestion(for: source, among: sources).map { "did you mean source '\($0)'?" }
            return .failure(
                Diagnostic(
                    location: location, message: "unknown source '\(source)' in source('\(source)', '\(table)')",
                    help: help ?? "declare it under `sources:` in a property file"))
        }
        let help = ClosestName.help(for: table, among: knownTables)
        return .failure(
            Diagnostic(
                location: location, message: "source '\(source)' has no table '\(table)'",
                help: help ?? "add it under the source's `tables:` in its property file"))
    }
}
