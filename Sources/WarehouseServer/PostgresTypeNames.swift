import PostgresClient
import Synchronization

/// Postgres type names by OID: the common ones known, others asked of the server once and remembered.
final class PostgresTypeNames: Sendable {
    private let known = Mutex<[UInt32: String]>([
        16: "boolean", 18: "char", 19: "name", 20: "bigint", 21: "smallint", 23: "integer", 25: "text", 26: "oid",
        114: "json", 700: "real", 701: "double precision", 1042: "character", 1043: "character varying", 1082: "date",
        1083: "time", 1114: "timestamp", 1184: "timestamptz", 1186: "interval", 1700: "numeric", 2950: "uuid",
        3802: "jsonb",
    ])

    func names(of oids: [UInt32], using connection: Connection) throws(PostgresError) -> [String] {
        let missing = known.withLock { names in Set(oids.filter { names[$0] == nil }) }
        if !missing.isEmpty {
            let result = try connection.query(
                "select oid::int8, format_type(oid, null) from pg_type where oid = any($1::oid[])",
                [.string("{" + missing.map(String.init).joined(separator: ",") + "}")])
            var found: [UInt32: String] = [:]
            for row in result {
                if let oid = try row.int(0), let name = row.string(1) { found[UInt32(oid)] = name }
            }
            known.withLock { $0.merge(found) { current, _ in current } }
        }
        return known.withLock { names in oids.map { names[$0] ?? "unknown" } }
    }
}
