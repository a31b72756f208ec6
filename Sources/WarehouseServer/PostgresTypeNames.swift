import PostgresClient
import Synchronization

/// Postgres type names by OID: the common ones known, others asked of the server once and remembered.
final class PostgresTypeNames: Sendable {
    /// Read without a lock: every pool thread asks on every request, and a shared lock made them queue.
    private static let common: [UInt32: String] = [
        16: "boolean", 18: "char", 19: "name", 20: "bigint", 21: "smallint", 23: "integer", 25: "text", 26: "oid",
        114: "json", 700: "real", 701: "double precision", 1042: "character", 1043: "character varying", 1082: "date",
        1083: "time", 1114: "timestamp", 1184: "timestamptz", 1186: "interval", 1700: "numeric", 2950: "uuid",
        3802: "jsonb",
    ]
    private let learned = Mutex<[UInt32: String]>([:])

    func names(of oids: [UInt32], using connection: Connection) throws(PostgresError) -> [String] {
        let uncommon = oids.filter { Self.common[$0] == nil }
        guard !uncommon.isEmpty else { return oids.map { Self.common[$0] ?? "unknown" } }
        let missing = learned.withLock { names in Set(uncommon.filter { names[$0] == nil }) }
        if !missing.isEmpty {
            let result = try connection.query(
                "select oid::int8, format_type(oid, null) from pg_type where oid = any($1::oid[])",
                [.string("{" + missing.map(String.init).joined(separator: ",") + "}")])
            var found: [UInt32: String] = [:]
            for row in result {
                if let oid = try row.int(0), let name = row.string(1) { found[UInt32(oid)] = name }
            }
            learned.withLock { $0.merge(found) { current, _ in current } }
        }
        return learned.withLock { names in oids.map { Self.common[$0] ?? names[$0] ?? "unknown" } }
    }
}
