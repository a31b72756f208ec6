import Foundation
import PostgresClient
import SQLTemplate
import WarehouseCore

/// The version of a source table written by something else: the newest value of its `loaded_at_field`.
///
/// Postgres finds `max(<field>)` with one lookup in a btree index on the field (or on the same expression); without
/// one it reads the whole table, on every build. When that reading is large (``scanNoteBytes`` or more) the build
/// says so in a note naming the index that makes it a lookup.
///
/// Postgres's own counters are no substitute for the query: `pg_stat_user_tables` (inserts, updates, deletes) reaches
/// other sessions only when the writing session flushes its counts, a second or more after its commit, and is reset
/// by a crash; `pg_relation_filenode` changes only when the table is rewritten. Counters that moved prove a change,
/// but equal counters do not prove that nothing changed, and a skip needs that proof.
struct LoadedAtVersion {
    /// A whole-table reading from this size on is worth a note (about 30 ms on this project's reference machine).
    static let scanNoteBytes: Int64 = 32 * 1024 * 1024

    let source: CompiledNode
    let relation: Relation
    let field: String

    /// The version and, when finding it read the whole of a large table, a note saying so; no version when the
    /// query fails (a misspelt field, a missing table) or finds no value: the source then counts as changed.
    func read(on connection: Connection) -> (version: String?, note: Diagnostic?) {
        guard
            let row = try? connection.query(
                """
                select (select max(\(field))::text from \(relation.schemaQualified)),
                       pg_catalog.pg_relation_size($1::regclass)
                """, [.string(relation.schemaQualified)]
            ).first
        else { return (nil, nil) }
        let version = row.string(0).map { "loaded_at:" + $0 }
        guard let bytes = row.string(1).flatMap({ Int64($0) }), bytes >= Self.scanNoteBytes,
            readsWholeTable(on: connection)
        else { return (version, nil) }
        return (version, scanNote(bytes: bytes))
    }

    /// Whether the plan of the version query scans the table rather than reading an index.
    private func readsWholeTable(on connection: Connection) -> Bool {
        guard
            let plan = try? connection.query(
                "explain (format json) select max(\(field)) from \(relation.schemaQualified)"
            ).first?.string(0),
            let tree = try? JSONSerialization.jsonObject(with: Data(plan.utf8))
        else { return false }
        return Self.containsSequentialScan(tree)
    }

    /// Whether a node of an `explain (format json)` tree is a sequential scan (parallel ones included).
    private static func containsSequentialScan(_ tree: Any) -> Bool {
        if let nodes = tree as? [Any] { return nodes.contains(where: containsSequentialScan) }
        guard let node = tree as? [String: Any] else { return false }
        if node["Node Type"] as? String == "Seq Scan" { return true }
        return [node["Plan"], node["Plans"]].compactMap { $0 }.contains(where: containsSequentialScan)
    }

    private func scanNote(bytes: Int64) -> Diagnostic {
        let column = field.range(of: #"^[A-Za-z_][A-Za-z0-9_$]*$"#, options: .regularExpression) != nil
        let indexed = column ? "(\(field))" : "((\(field)))"
        return Diagnostic(
            severity: .note, location: source.location,
            message: """
                to tell whether \(source.id) changed, every build reads all \(bytes / (1024 * 1024)) MB \
                of \(relation.schemaQualified) for its newest \(field)
                """,
            help: "an index makes it one lookup: create index on \(relation.schemaQualified) \(indexed)")
    }
}
