public import WarehouseCore

/// Why a set of nodes cannot be run at all.
public enum ExecutionPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two nodes share an id.
    case duplicateNode(NodeID)
    /// The nodes' parents form a cycle through these nodes (sorted by id).
    case cycle([NodeID])

    public var description: String {
        switch self {
        case .duplicateNode(let id): "node \(id) appears twice in the run"
        case .cycle(let ids): "the nodes depend on each other in a cycle: \(ids.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
