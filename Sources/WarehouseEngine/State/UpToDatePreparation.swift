import Foundation
import PostgresClient
import SQLTemplate
import WarehouseCore
import WarehouseDigest

extension UpToDateLedger {
    /// The ledger of a run of `nodes` of `project`, fingerprinted as compiled in `fingerprinted`: reads the records
    /// (creating `wh_meta.node_state` when missing), the current fingerprints, the sources' versions and which of the
    /// nodes' relations exist, in a few queries up front; what `readings` already holds is not asked again.
    ///
    /// A source whose version costs a read of a large table is noted in `readings` (``LoadedAtVersion``).
    static func prepare(
        nodes: [ExecutionNode], of project: CompiledProject, fingerprinting fingerprinted: CompiledProject,
        projectRoot: URL, sources: UpToDateSources, skips: Bool, readings: inout UpToDateReadings,
        on connection: Connection
    ) throws(PostgresError) -> UpToDateLedger {
        if readings.records == nil { readings.records = try loadRecords(on: connection) }
        let records = readings.records ?? [:]
        let loaders = ExecutionPlan.sourceLoaders(in: project)
        var inputs: [NodeID: [NodeID]] = [:]
        for node in nodes { inputs[node.id] = effectiveInputs(of: node.id, in: project, loaders: loaders) }
        for source in Set(inputs.values.joined()).subtracting(readings.sourcesRead)
        where project.nodes[source]?.resourceType == .source {
            guard let relation = project.nodes[source]?.relation else { continue }
            readings.sourcesRead.insert(source)
            let name = "\(relation.schema).\(relation.identifier)"
            if let version = sources.ingestVersions[name] {
                readings.sourceVersions[source] = "ingest:" + version
            } else if let field = sources.loadedAtFields[source], let node = project.nodes[source] {
                let (version, note) = LoadedAtVersion(source: node, relation: relation, field: field)
                    .read(on: connection)
                readings.sourceVersions[source] = version
                if let note { readings.notes.append(note) }
            }
        }
        let schemas = Set(nodes.map(\.relation.schema)).subtracting(readings.schemasRead)
        if !schemas.isEmpty {
            readings.relationKinds.merge(try relationKinds(in: schemas, on: connection)) { _, new in new }
            readings.schemasRead.formUnion(schemas)
        }
        let fingerprints =
            readings.fingerprints
            ?? NodeFingerprint.all(of: fingerprinted, projectRoot: projectRoot, sha256: { FileDigest.hex(of: $0) })
        readings.fingerprints = fingerprints
        // A node whose template queries the database has no SQL to fingerprint before it renders: its SQL is made
        // from the data, so it always runs.
        let alwaysRun = Set(
            nodes.filter { node in
                node.test?.storeFailures == true || node.rendersWithDatabase
                    || project.nodes[node.id]?.testMetadata?.name == "source_freshness"
            }.map(\.id))
        return UpToDateLedger(
            records: records, fingerprints: fingerprints, inputs: inputs, sourceVersions: readings.sourceVersions,
            existingRelations: readings.relationKinds, alwaysRun: alwaysRun, skips: skips)
    }

    /// The stored records, after creating `wh_meta.node_state` when it is missing.
    private static func loadRecords(on connection: Connection) throws(PostgresError) -> [NodeID: NodeStateStore.Record]
    {
        let store = NodeStateStore(connection: connection)
        if let records = try store.load() { return records }
        try store.create()
        return [:]
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
