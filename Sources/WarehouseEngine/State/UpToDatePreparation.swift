import Foundation
import PostgresClient
import SQLTemplate
import WarehouseCore

extension UpToDateLedger {
    /// The ledger of a run of `nodes` of `project`, fingerprinted as compiled in `fingerprinted`: reads the records
    /// (creating `wh_meta.node_state` when missing), the current fingerprints, the sources' versions and which of the
    /// nodes' relations exist, in a few queries up front.
    ///
    /// A source whose version costs a read of a large table is reported to `notes` (``LoadedAtVersion``).
    static func prepare(
        nodes: [ExecutionNode], of project: CompiledProject, fingerprinting fingerprinted: CompiledProject,
        projectRoot: URL, sources: UpToDateSources, skips: Bool, on connection: Connection,
        notes: (Diagnostic) -> Void
    ) throws(PostgresError) -> UpToDateLedger {
        let store = NodeStateStore(connection: connection)
        let records = try store.load()
        if records == nil { try store.create() }
        let loaders = ExecutionPlan.sourceLoaders(in: project)
        var inputs: [NodeID: [NodeID]] = [:]
        for node in nodes { inputs[node.id] = effectiveInputs(of: node.id, in: project, loaders: loaders) }
        var sourceVersions: [NodeID: String] = [:]
        for source in Set(inputs.values.joined()) where project.nodes[source]?.resourceType == .source {
            guard let relation = project.nodes[source]?.relation else { continue }
            let name = "\(relation.schema).\(relation.identifier)"
            if let version = sources.ingestVersions[name] {
                sourceVersions[source] = "ingest:" + version
            } else if let field = sources.loadedAtFields[source], let node = project.nodes[source] {
                let (version, note) = LoadedAtVersion(source: node, relation: relation, field: field)
                    .read(on: connection)
                sourceVersions[source] = version
                note.map(notes)
            }
        }
        // A node whose template queries the database has no SQL to fingerprint before it renders: its SQL is made
        // from the data, so it always runs.
        let alwaysRun = Set(
            nodes.filter { node in
                node.test?.storeFailures == true || node.rendersWithDatabase
                    || project.nodes[node.id]?.testMetadata?.name == "source_freshness"
            }.map(\.id))
        return UpToDateLedger(
            records: records ?? [:], fingerprints: NodeFingerprint.all(of: fingerprinted, projectRoot: projectRoot),
            inputs: inputs, sourceVersions: sourceVersions,
            existingRelations: try relationKinds(in: Set(nodes.map(\.relation.schema)), on: connection),
            alwaysRun: alwaysRun, skips: skips)
    }

    /// `schema.name` to `pg_class.relkind` for the relations in `schemas`.
    private static func relationKinds(in schemas: Set<String>, on connection: Connection) throws(PostgresError)
        -> [String: String]
    {
        let rows = try connection.query(
            """
            select n.nspname || '.' || c.relname, c.relkind::text from pg_catalog.pg_class c
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'v', 'm')
            """, [PostgresValue.textArray(schemas.sorted())])
        var kinds: [String: String] = [:]
        for row in rows {
            if let name = row.string(0), let kind = row.string(1) { kinds[name] = kind }
        }
        return kinds
    }

    /// The node's parents, with each ephemeral model replaced by its own inputs (its SQL is inlined) and each source
    /// the project loads itself by the node that loads it.
    private static func effectiveInputs(of id: NodeID, in project: CompiledProject, loaders: [NodeID: NodeID])
        -> [NodeID]
    {
        var found: Set<NodeID> = []
        var frontier = project.nodes[id]?.dependsOn ?? []
        var seen: Set<NodeID> = []
        while let parent = frontier.popLast() {
            guard seen.insert(parent).inserted, let node = project.nodes[parent] else { continue }
            if node.resourceType == .model, node.materialized == MaterializationKind.ephemeral.rawValue {
                frontier += node.dependsOn
            } else {
                found.insert(loaders[parent] ?? parent)
            }
        }
        return found.sorted()
    }
}
