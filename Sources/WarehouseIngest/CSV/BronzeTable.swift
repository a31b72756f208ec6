import Foundation
import PostgresClient
import SQLTemplate
import WarehouseCore

/// A bronze table for CSV rows: the file's columns (header names, renamed, typed) and `wh`'s own columns, the
/// file id and line number of each row and when it was loaded; with a `<table>_rejects` beside it.
struct BronzeTable {
    struct Column: Hashable {
        var name: String
        /// The Postgres type as declared (`text` unless `column_types` says otherwise).
        var type: String
        /// The check `wh` runs on each value, when it knows the type.
        var check: DeclaredColumnType?
    }

    /// `wh`'s columns, filled for every row.
    static let fileIDColumn = "_wh_file_id"
    static let lineColumn = "_wh_line"
    static let loadedAtColumn = "_wh_loaded_at"

    let table: IngestTable
    let columns: [Column]

    /// The columns of a file with this header, or why the header cannot make a table.
    ///
    /// - Parameter headerLocations: each header name's location, for errors.
    init(
        table: IngestTable, header: [String], headerLocations: [SourceLocation], options: CSVIngestOptions
    ) throws(CSVIngestError) {
        self.table = table
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, headerName) in header.enumerated() {
            let name = options.header[headerName] ?? headerName
            let location = headerLocations[index]
            guard !name.isEmpty else {
                throw CSVIngestError(
                    .badHeader("column \(index + 1) of the header has no name"), at: location)
            }
            guard !name.hasPrefix("_wh_") else {
                throw CSVIngestError(.badHeader("'\(name)' is reserved for wh's own columns"), at: location)
            }
            if let first = seen[name] {
                throw CSVIngestError(
                    .badHeader("column '\(name)' appears twice in the header (columns \(first + 1) and \(index + 1))"),
                    at: location)
            }
            seen[name] = index
            names.append(name)
        }
        for name in options.columnTypes.keys.sorted() where seen[name] == nil {
            throw CSVIngestError(
                .unknownTypedColumn(name: name, suggestion: ClosestName.suggestion(for: name, among: names)),
                at: headerLocations.first ?? SourceLocation(path: "", line: 1, column: 1))
        }
        columns = names.map { name in
            guard let type = options.columnTypes[name] else { return Column(name: name, type: "text", check: nil) }
            let declared = DeclaredColumnType(parsing: type)
            let needsCheck = declared != .unchecked && declared != .text(maxLength: nil)
            return Column(name: name, type: type, check: needsCheck ? declared : nil)
        }
    }

    var qualifiedName: String { quoteQualifiedName(table.schema, table.name) }
    var rejectsName: String { quoteQualifiedName(table.schema, table.name + "_rejects") }

    /// Creates the schema, the table and its rejects table when missing.
    var createStatements: [String] {
        let definitions =
            columns.map { "\(quoteIdentifier($0.name)) \($0.type)" } + [
                "\(quoteIdentifier(Self.fileIDColumn)) bigint not null",
                "\(quoteIdentifier(Self.lineColumn)) bigint not null",
                "\(quoteIdentifier(Self.loadedAtColumn)) timestamptz not null default now()",
            ]
        return [
            "create schema if not exists \(quoteIdentifier(table.schema))",
            "create table if not exists \(qualifiedName) (\(definitions.joined(separator: ", ")))",
            """
            create table if not exists \(rejectsName) (\(quoteIdentifier(Self.fileIDColumn)) bigint not null, \
            \(quoteIdentifier(Self.lineColumn)) bigint not null, raw_line text not null, error text not null, \
            \(quoteIdentifier(Self.loadedAtColumn)) timestamptz not null default now())
            """,
        ]
    }

    /// The `COPY` statement for rows encoded by ``CSVCopyEncoder``: the file's fields, then file id and line.
    func copyStatement(delimiter: UInt8) -> String {
        let names = (columns.map(\.name) + [Self.fileIDColumn, Self.lineColumn]).map(quoteIdentifier)
        // An empty quoted field ("") is NULL too in typed columns, where an empty string is no value.
        let typed = columns.filter { $0.type != "text" }.map { quoteIdentifier($0.name) }
        let forceNull = typed.isEmpty ? "" : ", FORCE_NULL (\(typed.joined(separator: ", ")))"
        let delimiterText = quoteLiteral(String(UnicodeScalar(delimiter)))
        return """
            COPY \(qualifiedName) (\(names.joined(separator: ", "))) FROM STDIN \
            WITH (FORMAT csv, DELIMITER \(delimiterText), ENCODING 'UTF8'\(forceNull))
            """
    }

    /// The `COPY` statement for rejected rows (see ``CSVRejectedRow``).
    var rejectsCopyStatement: String {
        let names = [Self.fileIDColumn, Self.lineColumn, "raw_line", "error"].map(quoteIdentifier)
        return "COPY \(rejectsName) (\(names.joined(separator: ", "))) FROM STDIN WITH (FORMAT csv, ENCODING 'UTF8')"
    }

    /// What differs between the table in the database and this one, empty when they match or it does not exist.
    ///
    /// Types are compared by the type Postgres resolves them to, without modifiers (`int4` is `integer`).
    func differences(in connection: Connection) throws(PostgresError) -> [String] {
        let existing = try connection.query(
            """
            select a.attname::text, format_type(a.atttypid, null)
            from pg_attribute a
            where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped
            order by a.attnum
            """, [.string(qualifiedName)])
        guard existing.rowCount > 0 else { return [] }
        var actual: [String: String] = [:]
        var actualOrder: [String] = []
        for row in existing {
            guard let name = row.string(0) else { continue }
            actual[name] = row.string(1) ?? ""
            actualOrder.append(name)
        }
        let expected =
            columns.map { ($0.name, $0.type) } + [
                (Self.fileIDColumn, "bigint"), (Self.lineColumn, "bigint"), (Self.loadedAtColumn, "timestamptz"),
            ]
        let types = expected.map(\.1)
        let resolved = try connection.query(
            "select format_type(t::regtype, null) from unnest($1::text[]) with ordinality as u(t, n) order by n",
            [PostgresValue.textArray(types)])
        var differences: [String] = []
        let missing = expected.map(\.0).filter { actual[$0] == nil }
        if !missing.isEmpty { differences.append("the table has no \(Self.list(missing))") }
        let expectedNames = Set(expected.map(\.0))
        let extra = actualOrder.filter { !expectedNames.contains($0) }
        if !extra.isEmpty { differences.append("the file has no \(Self.list(extra))") }
        for (index, column) in expected.enumerated() {
            guard let actualType = actual[column.0], index < resolved.rowCount,
                let wanted = resolved[index].string(0), wanted != actualType
            else { continue }
            differences.append("'\(column.0)' is \(actualType), the file's is \(wanted)")
        }
        return differences
    }

    private static func list(_ names: [String]) -> String {
        (names.count == 1 ? "column " : "columns ") + names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
