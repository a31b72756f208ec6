import Foundation
import PostgresClient
import WarehouseCore

/// Which incremental models already have their table, so `is_incremental()` is true when they are compiled.
///
/// Relations are only known once a project is compiled, so a run compiles, asks this, and compiles again with
/// `CompileOptions.existingIncrementalModels` set when one of the models found is about to be built (see
/// ``WarehouseRun``).
enum ExistingIncrementalModels {
    /// The incremental models of `project` whose relation exists as a table (one catalog query).
    ///
    /// Models that the run rebuilds whole (`fullRefresh`, unless their config says `full_refresh: false`, or their
    /// config says `full_refresh: true`) are left out without asking; no query runs when none is left.
    ///
    /// - Throws: ``PostgresError`` when the database cannot be reached or read.
    static func find(
        in project: CompiledProject, fullRefresh: Bool, on session: ConnectionPool
    ) async throws -> Set<NodeID> {
        let candidates: [(NodeID, Relation)] = project.nodes.values.compactMap { node in
            guard node.resourceType == .model, node.materialized == MaterializationKind.incremental.rawValue,
                !(node.config.fullRefresh ?? fullRefresh), let relation = node.relation
            else { return nil }
            return (node.id, relation)
        }.sorted { $0.0 < $1.0 }
        guard !candidates.isEmpty else { return [] }
        let names = try JSONEncoder().encode(candidates.map { [$0.1.schema, $0.1.identifier] })
        let json = String(decoding: names, as: UTF8.self)
        let positions = try await session.withConnection { connection in
            try connection.query(
                """
                select r.position::int
                from pg_catalog.json_array_elements($1::text::json) with ordinality as r(name, position)
                join pg_catalog.pg_namespace n on n.nspname = r.name->>0
                join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = r.name->>1
                where c.relkind in ('r', 'p')
                """,
                [.string(json)]
            ).map { try $0.int(0) }
        }
        return Set(positions.compactMap { position in position.map { candidates[$0 - 1].0 } })
    }
}
