import Foundation
public import PostgresClient
public import WarehouseCore

/// `wh_meta.node_state`: for every node that last built (or, for a data test, passed) successfully, what it was built
/// from — its fingerprint (``NodeFingerprint``) and the versions of its inputs — and the version of the data it left.
///
/// `state:` selectors compare with the fingerprints; ``UpToDateLedger`` compares fingerprints and input versions to
/// skip work that would rebuild the same thing. A row is written after the node's own transaction committed: a
/// process that dies in between leaves the previous row, which no longer matches, so the node is simply rebuilt.
public struct NodeStateStore {
    /// One node's record.
    public struct Record: Sendable, Hashable {
        public var id: NodeID
        /// `schema.identifier` the node built, empty for data tests.
        public var relation: String
        public var fingerprint: NodeFingerprint
        /// The version of each input (parent node or source) when the node was built.
        public var inputs: [NodeID: String]
        /// Changes whenever the node's relation gets new data; what its children record as their input's version.
        public var dataVersion: String
        /// `success` for models and seeds, `pass` for data tests.
        public var status: String

        public init(
            id: NodeID, relation: String, fingerprint: NodeFingerprint, inputs: [NodeID: String], dataVersion: String,
            status: String
        ) {
            self.id = id
            self.relation = relation
            self.fingerprint = fingerprint
            self.inputs = inputs
            self.dataVersion = dataVersion
            self.status = status
        }
    }

    /// The table.
    public static let table = quoteQualifiedName("wh_meta", "node_state")

    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Creates the table when missing (``Connection/createMissing(_:)``: processes doing so at once take turns).
    public func create() throws(PostgresError) {
        try connection.createMissing([
            "create schema if not exists wh_meta",
            """
            create table if not exists \(Self.table) (
                node_id text primary key,
                relation text not null,
                fingerprint jsonb not null,
                inputs jsonb not null,
                data_version text not null,
                status text not null,
                built_at timestamptz not null default now()
            )
            """,
        ])
    }

    /// Every record, by node, in one query; `nil` when the table does not exist (nothing was ever built here).
    ///
    /// Outside a transaction only: asking for a missing table fails the statement.
    public func load() throws(PostgresError) -> [NodeID: Record]? {
        let rows: QueryResult
        do throws(PostgresError) {
            rows = try connection.query(
                "select node_id, relation, fingerprint::text, inputs::text, data_version, status from \(Self.table)")
        } catch let error where error.sqlstate == "42P01" {
            return nil
        }
        var records: [NodeID: Record] = [:]
        for row in rows {
            guard let id = row.string(0), let fingerprint = Self.strings(row.string(2)),
                let inputs = Self.strings(row.string(3))
            else { continue }
            let checksums = fingerprint.reduce(into: [NodeFingerprint.Dimension: String]()) { result, entry in
                if let dimension = NodeFingerprint.Dimension(rawValue: entry.key) { result[dimension] = entry.value }
            }
            records[NodeID(id)] = Record(
                id: NodeID(id), relation: row.string(1) ?? "", fingerprint: NodeFingerprint(checksums: checksums),
                inputs: Dictionary(uniqueKeysWithValues: inputs.map { (NodeID($0.key), $0.value) }),
                dataVersion: row.string(4) ?? "", status: row.string(5) ?? "")
        }
        return records
    }

    /// When each node last built (or, for a data test, passed) and its status, for pages that show it; empty when
    /// nothing was ever built here.
    public func lastSuccesses() throws(PostgresError) -> [NodeID: (status: String, builtAt: String)] {
        let exists = try connection.query("select to_regclass('wh_meta.node_state') is not null").first?.string(0)
        guard exists == "t" else { return [:] }
        let rows = try connection.query(
            """
            select node_id, status, to_char(built_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            from \(Self.table)
            """)
        var successes: [NodeID: (status: String, builtAt: String)] = [:]
        for row in rows {
            guard let id = row.string(0), let status = row.string(1), let builtAt = row.string(2) else { continue }
            successes[NodeID(id)] = (status, builtAt)
        }
        return successes
    }

    /// Stores `record`, replacing the node's previous one.
    public func save(_ record: Record) throws(PostgresError) {
        let fingerprint = JSON.object(
            Dictionary(
                uniqueKeysWithValues: record.fingerprint.checksums.map { ($0.key.rawValue, JSON.string($0.value)) }))
        let inputs = JSON.object(
            Dictionary(uniqueKeysWithValues: record.inputs.map { ($0.key.rawValue, JSON.string($0.value)) }))
        _ = try connection.query(
            """
            insert into \(Self.table) (node_id, relation, fingerprint, inputs, data_version, status)
            values ($1, $2, $3::jsonb, $4::jsonb, $5, $6)
            on conflict (node_id) do update set relation = excluded.relation, fingerprint = excluded.fingerprint,
                inputs = excluded.inputs, data_version = excluded.data_version, status = excluded.status,
                built_at = now()
            """,
            [
                .string(record.id.rawValue), .string(record.relation), .string(fingerprint.serialized()),
                .string(inputs.serialized()), .string(record.dataVersion), .string(record.status),
            ])
    }

    /// Forgets `id`'s record: a data test that did not pass must run again next time.
    public func forget(_ id: NodeID) throws(PostgresError) {
        _ = try connection.query("delete from \(Self.table) where node_id = $1", [.string(id.rawValue)])
    }

    /// A JSON object of strings, as `save` writes them.
    private static func strings(_ text: String?) -> [String: String]? {
        guard let data = text?.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
        else { return nil }
        return object
    }
}
