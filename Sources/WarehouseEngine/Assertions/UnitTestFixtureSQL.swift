import PostgresClient
import SQLTemplate
import WarehouseCore

/// The query that stands for a unit test's rows: one `select` per row, each value cast to its column's type as
/// the database has it, columns the row leaves out null, joined by `union all` (dbt's `get_fixture_sql`).
struct UnitTestFixtureSQL {
    /// A column and its type as `format_type` spells it.
    struct Column: Sendable, Hashable {
        var name: String
        var type: String
    }

    /// Why `rows` do not fit `columns`: a column they name that is not there.
    struct UnknownColumn: Error {
        var name: String
    }

    /// The query for `rows` typed by `columns`; with no rows, a query of no rows with those columns.
    static func sql(_ rows: [[Literal.KeyValue]], columns: [Column]) throws(UnknownColumn) -> String {
        let byName = Dictionary(columns.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var selects: [String] = []
        for row in rows {
            var values: [String: Literal] = [:]
            for pair in row {
                guard let column = byName[pair.key.lowercased()] else { throw UnknownColumn(name: pair.key) }
                values[column.name] = pair.value
            }
            let list = columns.map { column in
                "cast(\(literal(values[column.name] ?? .none)) as \(column.type)) as \(quoteIdentifier(column.name))"
            }
            selects.append("select " + list.joined(separator: ", "))
        }
        guard !selects.isEmpty else {
            let nulls = columns.map { "cast(null as \($0.type)) as \(quoteIdentifier($0.name))" }
            return "select " + nulls.joined(separator: ", ") + " where false"
        }
        return selects.joined(separator: "\nunion all\n")
    }

    /// A YAML or CSV value as an SQL literal: text quoted, numbers and booleans as written, null for none.
    private static func literal(_ value: Literal) -> String {
        switch value {
        case .none: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): quoteLiteral(text)
        case .list, .dict: quoteLiteral(Value(value).renderedString)
        }
    }
}
