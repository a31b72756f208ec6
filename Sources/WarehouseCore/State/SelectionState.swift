/// What the `state:` and `result:` selector methods compare with: a previous build's node fingerprints and a
/// previous run's results.
public struct SelectionState: Sendable {
    /// For each node that has a previous record, the dimensions that changed since (empty when unchanged).
    ///
    /// Nodes without one are new; `nil` when no previous state is known.
    public var changes: [NodeID: Set<NodeFingerprint.Dimension>]?
    /// The previous run's status of each node it ran (`success`, `error`, `fail`, `warn`, `pass`, `skipped`);
    /// `nil` when no previous results are known.
    public var results: [NodeID: String]?

    public init(changes: [NodeID: Set<NodeFingerprint.Dimension>]? = nil, results: [NodeID: String]? = nil) {
        self.changes = changes
        self.results = results
    }

    /// Each node's `current` fingerprint compared with its fingerprint in `previous`.
    public static func changes(of current: [NodeID: NodeFingerprint], since previous: [NodeID: NodeFingerprint])
        -> [NodeID: Set<NodeFingerprint.Dimension>]
    {
        var changes: [NodeID: Set<NodeFingerprint.Dimension>] = [:]
        for (id, fingerprint) in current {
            guard let old = previous[id] else { continue }
            changes[id] = fingerprint.changes(since: old)
        }
        return changes
    }

    /// Whether `id` matches `state:<value>` (values checked by the parser).
    func matchesState(_ id: NodeID, resourceType: ResourceType, value: String) -> Bool {
        guard let changes, resourceType != .source else { return false }
        guard let changed = changes[id] else { return value == "new" || value.hasPrefix("modified") }
        switch value {
        case "old": return true
        case "unmodified": return changed.isEmpty
        case "modified": return !changed.isEmpty
        default:
            let dimension = value.dropFirst("modified.".count)
            return changed.contains { $0.rawValue == dimension }
        }
    }

    /// The `state:` values `wh` knows, as dbt spells them.
    static let stateValues = [
        "new", "old", "modified", "unmodified", "modified.body", "modified.configs", "modified.macros",
    ]
    /// The statuses `result:` accepts, as `run_results.json` spells them.
    static let resultValues = ["success", "error", "fail", "warn", "pass", "skipped"]
}
