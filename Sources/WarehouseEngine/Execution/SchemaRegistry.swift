import PostgresClient
import Synchronization
import WarehouseCore

/// The schemas already created in this run, so each is created once (`create schema if not exists`).
///
/// Creation is serialized: two sessions running `create schema if not exists` for the same new schema at the
/// same moment can fail with a unique violation on `pg_namespace`.
final class SchemaRegistry: Sendable {
    private let created = Mutex<Set<String>>([])

    /// Creates the node's schema unless this run already did.
    func ensureSchema(of node: ExecutionNode, on connection: Connection) throws(ModelExecutionError) {
        let schema = node.relation.schema
        try created.withLock { (created: inout Set<String>) throws(ModelExecutionError) in
            guard !created.contains(schema) else { return }
            do throws(PostgresError) {
                try connection.execute("create schema if not exists \(quoteIdentifier(schema))")
            } catch {
                throw ModelExecutionError(node: node, phase: .createSchema, cause: .postgres(error))
            }
            created.insert(schema)
        }
    }
}
