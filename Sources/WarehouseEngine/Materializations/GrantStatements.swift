import PostgresClient
import WarehouseCore

/// The `grant` statements for a node's `grants` config (`{select: ['reporter']}`), checked before anything runs.
struct GrantStatements {
    let node: ExecutionNode

    /// Privileges a table or view can be granted; anything else is refused rather than spliced into SQL.
    static let privileges: Set<String> = [
        "select", "insert", "update", "delete", "truncate", "references", "trigger", "all",
    ]

    /// One statement per privilege, in privilege order, grantees quoted (`public` stands for `PUBLIC`).
    func statements() throws(ModelExecutionError) -> [String] {
        var result: [String] = []
        for (privilege, grantees) in node.grants.sorted(by: { $0.key < $1.key }) where !grantees.isEmpty {
            let normalized = privilege.lowercased()
            guard GrantStatements.privileges.contains(normalized) else {
                throw ModelExecutionError(
                    node: node,
                    phase: .grant,
                    cause: .refused(
                        "unknown privilege '\(privilege)' in grants; use one of \(GrantStatements.privileges.sorted().joined(separator: ", "))"
                    )
                )
            }
            let roles = grantees.map { $0.lowercased() == "public" ? "public" : quoteIdentifier($0) }
            result.append("grant \(normalized) on \(node.relation.schemaQualified) to \(roles.joined(separator: ", "))")
        }
        return result
    }
}
