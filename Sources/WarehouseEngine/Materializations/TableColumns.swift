import PostgresClient

/// A table's columns as the catalog lists them, in order: name and type as `format_type` prints it.
struct TableColumns {
    struct Column: Hashable {
        var name: String
        var type: String
    }

    let statements: ModelStatements

    /// The columns of `qualifiedName` (already quoted: `"analytics"."orders"`, `pg_temp."orders__wh_incr"`).
    func of(_ qualifiedName: String) throws(ModelExecutionError) -> [Column] {
        try of([qualifiedName])[0]
    }

    /// The columns of each of `qualifiedNames`, in their order, read in one query (a round trip less per relation
    /// inside a step's transaction).
    func of(_ qualifiedNames: [String]) throws(ModelExecutionError) -> [[Column]] {
        let rows = try statements.query(
            """
            select r.position::int, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
            from pg_catalog.unnest($1::text[]) with ordinality as r(name, position)
            join pg_catalog.pg_attribute a on a.attrelid = r.name::regclass and a.attnum > 0 and not a.attisdropped
            order by r.position, a.attnum
            """,
            [.textArray(qualifiedNames)],
            phase: .schemaChange)
        var columns = Array(repeating: [Column](), count: qualifiedNames.count)
        for row in rows {
            guard let position = try? row.int(0), qualifiedNames.indices.contains(position - 1) else { continue }
            columns[position - 1].append(Column(name: row.string(1) ?? "", type: row.string(2) ?? ""))
        }
        return columns
    }
}
