import SQLTemplate

/// dbt's legacy snapshot placement, `target_schema` and `target_database`.
///
/// They name the snapshot's schema as written, bypassing `generate_schema_name`. Without `target_schema` a snapshot is named like a model (`schema`, `alias`).
struct SnapshotTarget {
    let schema: String
    let database: String?

    /// The legacy placement of `node`; nil when it is not a snapshot or has no `target_schema`.
    init?(_ node: PendingNode) {
        guard node.resourceType == .snapshot, let schema = node.config.extra["target_schema"]?.stringValue else {
            return nil
        }
        self.schema = schema
        database = node.config.extra["target_database"]?.stringValue
    }

    func relation(of node: PendingNode, database defaultDatabase: String?) -> Relation {
        let alias = node.config.alias.flatMap { $0.isEmpty ? nil : $0 } ?? node.name
        return Relation(
            database: database ?? node.config.database ?? defaultDatabase, schema: schema, identifier: alias)
    }
}
