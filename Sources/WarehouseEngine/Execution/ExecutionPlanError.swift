public import WarehouseCore

/// Why a set of nodes cannot be run at all.
public enum ExecutionPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two nodes share an id.
    case duplicateNode(NodeID)
    /// The parents form a cycle; these nodes (sorted by id) are on it or downstream of it, so none can start.
    case cycle([NodeID])

    public var description: String {
        switch self {
        case .duplicateNode(let id): "node \(id) appears twice in the run"
        case .cycle(let ids):
            "these nodes cannot be ordered, their parents form a cycle: \(ids.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
