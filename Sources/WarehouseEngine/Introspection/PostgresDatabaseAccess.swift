import PostgresClient
import SQLTemplate
import WarehouseCore

/// The database templates reach while a node renders just before it runs: a worker's connection.
///
/// Values are typed as dbt's result tables type what psycopg2 returns: integers stay integers, `numeric` and
/// floating-point values are numbers, booleans are booleans, `NULL` is `none`, everything else is text as
/// Postgres prints it.
final class PostgresDatabaseAccess: DatabaseAccess {
    private let connection: Connection

    init(connection: Connection) {
        self.connection = connection
    }

    func run(_ sql: String, parameters: [String]) throws(DatabaseAccessError) -> QueryTable {
        let result: QueryResult
        do {
            result =
                parameters.isEmpty
                ? try connection.execute(sql) : try connection.query(sql, parameters.map { .string($0) })
        } catch {
            throw DatabaseAccessError(message: error.description, sql: sql)
        }
        let kinds = result.columnTypeOIDs.map(ColumnKind.init(oid:))
        let rows = (0..<result.rowCount).map { row in
            kinds.indices.map { column in
                result.string(row: row, column: column).map { kinds[column].literal(from: $0) } ?? .none
            }
        }
        return QueryTable(
            columnNames: result.columns, columnTypes: kinds.map(\.name), rows: rows, status: result.commandTag,
            rowsAffected: result.rowsAffected)
    }
}

/// How a result column's text becomes a template value, by its type OID.
private struct ColumnKind {
    enum Conversion {
        case integer, decimal, float, boolean, text
    }

    var name: String
    var conversion: Conversion

    init(oid: UInt32) {
        switch oid {
        case 20: (name, conversion) = ("int8", .integer)
        case 21: (name, conversion) = ("int2", .integer)
        case 23: (name, conversion) = ("int4", .integer)
        case 26: (name, conversion) = ("oid", .integer)
        case 700: (name, conversion) = ("float4", .float)
        case 701: (name, conversion) = ("float8", .float)
        case 1700: (name, conversion) = ("numeric", .decimal)
        case 16: (name, conversion) = ("bool", .boolean)
        case 25: (name, conversion) = ("text", .text)
        case 1043: (name, conversion) = ("varchar", .text)
        case 1042: (name, conversion) = ("bpchar", .text)
        case 19: (name, conversion) = ("name", .text)
        case 1082: (name, conversion) = ("date", .text)
        case 1114: (name, conversion) = ("timestamp", .text)
        case 1184: (name, conversion) = ("timestamptz", .text)
        default: (name, conversion) = ("oid \(oid)", .text)
        }
    }

    /// An integral `numeric` becomes an integer (`Decimal('3')` prints as `3` in dbt); other numbers are doubles.
    func literal(from text: String) -> Literal {
        switch conversion {
        case .integer: return Int(text).map(Literal.int) ?? .string(text)
        case .decimal:
            if let integer = Int(text) { return .int(integer) }
            return Double(text).map(Literal.double) ?? .string(text)
        case .float: return Double(text).map(Literal.double) ?? .string(text)
        case .boolean: return .bool(text == "t")
        case .text: return .string(text)
        }
    }
}
